package io.docchat.indexer.gate;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.docchat.indexer.IndexerProperties;
import io.docchat.indexer.source.SourceProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canaries of each source: those configured with the source ({@code docchat.indexer.sources[n].canaries[m].query}
 * and {@code .target}, the target a path within the source, e.g. {@code docs/install.md}), or, when none are,
 * derived from the live index: a fixed sample of the source's documents (ordered by content hash, so the sample
 * does not follow indexing order), each with its most specific heading as the query, or its title when the heading
 * is the title or missing. Deriving them from the live index, not from the candidate, is what makes a broken
 * candidate fail: canaries taken from a source whose text was replaced would find that text.
 *
 * <p>The configured canaries are bound here, beside {@link SourceProperties} rather than in it, so the source's
 * record (and the fetchers that use it) stay as they are.
 */
final class Canaries {

    /** A configured canary. */
    record Configured(String query, String target) {
    }

    private final ElasticsearchClient client;
    private final Map<String, List<Configured>> configured = new LinkedHashMap<>();
    private final int perSource;

    Canaries(ElasticsearchClient client, IndexerProperties props, Environment env, int perSource) {
        this.client = client;
        this.perSource = perSource;
        Binder binder = Binder.get(env);
        List<SourceProperties> sources = props.sources();
        for (int i = 0; i < sources.size(); i++) {
            String name = sources.get(i).name();
            List<Configured> list = binder.bind("docchat.indexer.sources[" + i + "].canaries",
                    Bindable.listOf(Configured.class)).orElse(List.of());
            for (Configured c : list) {
                if (c.query() == null || c.query().isBlank() || c.target() == null || c.target().isBlank()) {
                    throw new IllegalArgumentException("docchat.indexer.sources[" + i + "].canaries: every canary needs a query and a target (a path in source " + name + ")");
                }
            }
            configured.put(name, List.copyOf(list));
        }
    }

    /** Every source's canaries; {@code from} is the index to derive them from (the live one, or the first build). */
    List<Canary> of(String from) {
        List<Canary> out = new ArrayList<>();
        configured.forEach((source, list) -> {
            if (list.isEmpty()) {
                out.addAll(derive(from, source));
            } else {
                list.forEach(c -> out.add(new Canary(source, c.query(), source + ":" + c.target().strip(), "configured")));
            }
        });
        return out;
    }

    private List<Canary> derive(String index, String source) {
        SearchResponse<Map> response;
        try {
            response = client.search(s -> s.index(index).size(perSource)
                    .query(q -> q.term(t -> t.field("source").value(source)))
                    .collapse(c -> c.field("doc_id"))
                    .sort(so -> so.field(f -> f.field("content_hash").order(SortOrder.Asc)))
                    .sort(so -> so.field(f -> f.field("doc_id").order(SortOrder.Asc)))
                    .source(src -> src.filter(f -> f.includes("doc_id", "title", "heading_path"))), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sample canaries of source " + source + " from " + index, e);
        }
        List<Canary> out = new ArrayList<>();
        Set<String> queries = new LinkedHashSet<>();
        for (Hit<Map> hit : response.hits().hits()) {
            Map<?, ?> doc = hit.source();
            if (doc == null) {
                continue;
            }
            String docId = String.valueOf(doc.get("doc_id"));
            String title = text(doc.get("title"));
            String heading = lastHeading(text(doc.get("heading_path")));
            boolean useHeading = !heading.isBlank() && !heading.equalsIgnoreCase(title);
            String query = useHeading ? heading : title;
            if (!query.isBlank() && queries.add(query.toLowerCase(java.util.Locale.ROOT))) {
                out.add(new Canary(source, query, docId, useHeading ? "heading" : "title"));
            }
        }
        return out;
    }

    private static String lastHeading(String path) {
        int at = path.lastIndexOf(" > ");
        return at < 0 ? path : path.substring(at + 3).strip();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().strip();
    }
}
