package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.IndexRevisions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ways of getting a page of hits out of Elasticsearch that the benchmark compares, each doing all of
 * its Elasticsearch work for one query (with a precomputed vector): the product's {@code _msearch} plus
 * {@code _mget} of the page, the earlier {@code _msearch} plus a {@code _search} by ids with Elasticsearch's
 * highlighter, and one {@code _msearch} that carries the {@code _source} of every candidate.
 */
final class EsVariants {

    private final ElasticsearchClient client;
    private final SearchProperties props;
    private final HybridRetriever retriever;
    private final Fusion fusion;
    private final PageFetcher pages;

    EsVariants(ElasticsearchClient client, SearchProperties props) {
        this.client = client;
        this.props = props;
        this.retriever = new HybridRetriever(client, props);
        this.fusion = Fusion.of(props.fusion());
        // no chunk cache: this row measures the _mget of every page
        this.pages = new PageFetcher(client, props.snippetChars(), 0, new SimpleMeterRegistry());
    }

    /** The product's {@code _msearch} alone: BM25 + kNN, ids and scores, 100 deep. */
    void msearch(String index, String text, float[] vector) {
        retriever.retrieve(index, query(text), vector, null);
    }

    /** Before: the same {@code _msearch}, with the hits' ids read from the stored {@code _id} field. */
    int msearchStoredIds(String index, String text, float[] vector) {
        MsearchResponse<Void> response = bothLists(index, text, vector, false, Void.class);
        return response.responses().get(0).result().hits().hits().size() + response.responses().get(1).result().hits().hits().size();
    }

    /** The product: {@code _msearch}, fusion, {@code _mget} of the page, snippets on the client. */
    int msearchAndMget(String index, String text, float[] vector) {
        return pages.fetch(new IndexRevisions.Generation(index, 0), text, page(index, text, vector), io.docchat.chat.access.Viewer.PUBLIC).size();
    }

    /** Before: {@code _msearch}, fusion, then a {@code _search} by ids with Elasticsearch's highlighter. */
    int msearchAndHighlightedSearch(String index, String text, float[] vector) {
        List<String> ids = page(index, text, vector);
        try {
            return client.search(s -> s.index(index).size(ids.size()).trackTotalHits(t -> t.enabled(false))
                    .query(q -> q.ids(i -> i.values(ids)))
                    .highlight(h -> h.encoder(HighlighterEncoder.Html).highlightQuery(text(text))
                            .fields("text", f -> f.fragmentSize(props.snippetChars()).numberOfFragments(2))
                            .preTags("<em>").postTags("</em>")), ChunkDocument.class).hits().hits().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One round trip: the {@code _msearch} returns the {@code _source} of all 200 candidates; snippets on the client. */
    int msearchWithSources(String index, String text, float[] vector) {
        MsearchResponse<ChunkDocument> response = bothLists(index, text, vector, true, ChunkDocument.class);
        Map<String, ChunkDocument> docs = new HashMap<>();
        Map<String, List<Fusion.Scored>> lists = new java.util.LinkedHashMap<>();
        String[] names = {HybridRetriever.BM25, HybridRetriever.KNN};
        for (int r = 0; r < 2; r++) {
            List<Fusion.Scored> list = new ArrayList<>();
            for (Hit<ChunkDocument> hit : response.responses().get(r).result().hits().hits()) {
                docs.put(hit.id(), hit.source());
                list.add(new Fusion.Scored(hit.id(), hit.score() == null ? 0 : hit.score()));
            }
            lists.put(names[r], list);
        }
        int made = 0;
        for (Fusion.Fused f : fusion.fuse(lists).subList(0, Math.min(10, docs.size()))) {
            made += Snippets.highlight(docs.get(f.id()).text(), text, props.snippetChars()).isEmpty() ? 0 : 1;
        }
        return made;
    }

    private List<String> page(String index, String text, float[] vector) {
        return fusion.fuse(retriever.retrieve(index, query(text), vector, null).rankings()).stream()
                .limit(10).map(Fusion.Fused::id).toList();
    }

    /** BM25 and kNN, 100 deep, unfiltered, ids from the stored {@code _id}, with or without every hit's {@code _source}. */
    private <T> MsearchResponse<T> bothLists(String index, String text, float[] vector, boolean sources, Class<T> type) {
        List<Float> v = HybridRetriever.floats(vector);
        int depth = props.candidates();
        RequestItem lexical = RequestItem.of(r -> r.header(h -> h.index(index))
                .body(b -> b.query(text(text)).size(depth).source(s -> s.fetch(sources)).trackTotalHits(t -> t.enabled(false))));
        RequestItem dense = RequestItem.of(r -> r.header(h -> h.index(index))
                .body(b -> b.knn(k -> k.field("embedding").queryVector(v).k(depth).numCandidates(props.numCandidates()))
                        .size(depth).source(s -> s.fetch(sources)).trackTotalHits(t -> t.enabled(false))));
        try {
            return client.msearch(m -> m.searches(lexical, dense), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SearchQuery query(String text) {
        return new SearchQuery(text, null, 10, 0);
    }

    private Query text(String text) {
        return Query.of(q -> q.combinedFields(m -> m.query(text)
                .fields("title^" + props.titleBoost(), "heading_path^" + props.headingBoost(), "text^" + props.textBoost())));
    }
}
