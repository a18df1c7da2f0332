package io.docchat.indexer.gate.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * chat-server's search path, for the quality gate: its {@code HybridRetriever} (one {@code _msearch} with BM25
 * and kNN, the same boosts, depths and stemming rule) and its {@code Fusion} with the live fusion settings
 * ({@code docchat.search.*}, bound here from the indexer's environment exactly as chat-server binds them). The
 * classes are chat-server's own sources, compiled into this package at build time (batch-indexer/pom.xml), so
 * the gate cannot drift from the product. It skips what does not change a ranking: caches, the page fetch and
 * snippets, and the permission filter (the gate reads every chunk, as a caller in every group would).
 */
public final class ProductSearch {

    private final HybridRetriever retriever;
    private final Fusion fusion;
    private final SearchProperties props;

    public ProductSearch(ElasticsearchClient client, SearchProperties props) {
        this.props = props;
        this.retriever = new HybridRetriever(client, props);
        this.fusion = Fusion.of(props.fusion());
    }

    /**
     * The documents of the fused top {@code k} chunks of {@code index} for {@code text}, best first, without
     * repeats (a document with two chunks in the top k counts once, at its better rank).
     *
     * @param stemmedIndex whether {@code index} holds this build's {@code stems} field ({@code _meta.stemming});
     *                     BM25 uses it, as chat-server does, only when {@code docchat.search.stemming} is on too
     */
    public List<String> topDocuments(String index, String text, float[] vector, boolean stemmedIndex, int k) {
        String q = text.length() > SearchQuery.MAX_TEXT ? text.substring(0, SearchQuery.MAX_TEXT) : text;
        SearchQuery query = new SearchQuery(q, SearchQuery.Filters.NONE, Math.min(k, SearchQuery.MAX_K), 0);
        HybridRetriever.Retrieved retrieved = retriever.retrieve(index, query, vector, PermissionFilter.NONE, props.stemming() && stemmedIndex);
        List<Fusion.Fused> fused = fusion.fuse(retrieved.rankings());
        Set<String> docs = new LinkedHashSet<>();
        for (Fusion.Fused f : fused.subList(0, Math.min(k, fused.size()))) {
            int hash = f.id().lastIndexOf('#');
            docs.add(hash < 0 ? f.id() : f.id().substring(0, hash));
        }
        return new ArrayList<>(docs);
    }

    /** The fusion in use, for reports: method and weights. */
    public String fusionSettings() {
        return props.fusion().method().name().toLowerCase(java.util.Locale.ROOT)
                + " (bm25 " + props.fusion().bm25Weight() + ", knn " + props.fusion().knnWeight() + ")";
    }
}
