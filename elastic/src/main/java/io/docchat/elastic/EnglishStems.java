package io.docchat.elastic;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.Version;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.StringJoiner;

/**
 * English analysis done in the application, so that every cluster stems alike: production clusters have the
 * {@code english} analyzer, the minimal distribution only {@code standard}. Lucene's {@link EnglishAnalyzer}
 * (standard tokenizer, English possessives, lower case, English stop words, Porter stemmer: what
 * Elasticsearch's {@code english} analyzer is built of) turns text into space-separated terms; the index keeps
 * them in the {@code stems} field, analysed by {@code whitespace}, which every distribution has; queries go
 * through the same method. {@link #CONTRACT} is recorded in each index's {@code _meta} ({@code stemming}).
 */
public final class EnglishStems {

    /** The analysis as the index contract records it; an index with another value needs a rebuild to compare. */
    public static final String CONTRACT = "lucene-english-" + Version.LATEST;

    private static final Analyzer ANALYZER = new EnglishAnalyzer();

    private EnglishStems() {
    }

    /** The terms of the parts (nulls skipped), space-separated, in order. */
    public static String of(String... parts) {
        StringJoiner out = new StringJoiner(" ");
        for (String part : parts) {
            if (part == null || part.isBlank()) {
                continue;
            }
            try (TokenStream tokens = ANALYZER.tokenStream("stems", part)) {
                CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
                tokens.reset();
                while (tokens.incrementToken()) {
                    out.add(term);
                }
                tokens.end();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot analyse text in memory", e);
            }
        }
        return out.toString();
    }
}
