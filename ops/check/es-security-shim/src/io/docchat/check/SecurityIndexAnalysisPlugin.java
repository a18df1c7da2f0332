package io.docchat.check;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Test-only stand-in for three analysis components of Elasticsearch's analysis-common module, which the Maven
 * Central server zip (integ-test-zip) leaves out but the security index's "email" analyzer needs
 * ({@code uax_url_email}, {@code pattern_capture}, {@code unique}). Without them the native realm cannot create
 * its index, so roles and users could not be created through the security API on the local node. Each is the
 * same Lucene class the real module wraps. Production clusters (the official image) have the real module.
 */
public class SecurityIndexAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("uax_url_email", (index, env, name, settings) ->
                TokenizerFactory.newFactory(name, UAX29URLEmailTokenizer::new));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
                "pattern_capture", (index, env, name, settings) -> {
                    Pattern[] patterns = settings.getAsList("patterns").stream().map(Pattern::compile).toArray(Pattern[]::new);
                    boolean preserveOriginal = settings.getAsBoolean("preserve_original", true);
                    return filter(name, in -> new PatternCaptureGroupTokenFilter(in, preserveOriginal, patterns));
                },
                "unique", (index, env, name, settings) -> filter(name, RemoveDuplicatesTokenFilter::new));
    }

    private static TokenFilterFactory filter(String name, java.util.function.UnaryOperator<TokenStream> create) {
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream in) {
                return create.apply(in);
            }
        };
    }
}
