package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.FieldAndFormat;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.Permissions;
import io.docchat.elastic.EnglishStems;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs BM25 and kNN for one query in a single {@code _msearch} against one concrete index. The same
 * filters go into the BM25 {@code bool.filter} and into {@code knn.filter}, so both retrievers rank the
 * same subset (a post-filter on kNN would return fewer than k hits). The caller's permission filter is one of
 * them: a chunk the caller may not read is never a candidate, so it cannot take a place in either ranking or
 * show in a count.
 *
 * <p>The two lists are ids (from doc values) and scores only (convex fusion needs the scores): fusion needs
 * 100 deep, but loading and highlighting 200 sources per query cost Elasticsearch several times the searches
 * themselves (measured: 34 against ~100 q/s). After fusion, {@link PageFetcher} loads just the page.
 */
final class HybridRetriever {

    static final String BM25 = "bm25";
    static final String KNN = "knn";
    private static final String DOC_ID = "doc_id";
    private static final String CHUNK_NO = "chunk_no";
    private static final String NO_STORED_FIELDS = "_none_";
    private static final List<FieldAndFormat> ID_FIELDS = List.of(
            FieldAndFormat.of(f -> f.field(DOC_ID)), FieldAndFormat.of(f -> f.field(CHUNK_NO)));

    private final ElasticsearchClient client;
    private final SearchProperties props;

    HybridRetriever(ElasticsearchClient client, SearchProperties props) {
        this.client = client;
        this.props = props;
    }

    /** Both ranked lists keyed by retriever: chunk ids with the retriever's score, best first. */
    record Retrieved(Map<String, List<Fusion.Scored>> rankings) {

        /** One retriever's chunk ids, best first. */
        List<String> ids(String retriever) {
            return rankings.getOrDefault(retriever, List.of()).stream().map(Fusion.Scored::id).toList();
        }
    }

    /**
     * @param readable the {@link Permissions#FIELD} values the caller may read ({@code Viewer.readable()}), added
     *                 to both retrievers' filters as one {@code terms} query; null for an index without permissions
     *                 (the server itself uses the form {@link PermissionFilter} chooses)
     */
    Retrieved retrieve(String index, SearchQuery query, float[] vector, List<String> readable) {
        return retrieve(index, query, vector, readable, props.stemming());
    }

    /**
     * @param stems BM25 over the index's {@code stems} field (English stemming in the app); only for an index
     *              built with the same analysis ({@code Generation.stemmed()})
     */
    Retrieved retrieve(String index, SearchQuery query, float[] vector, List<String> readable, boolean stems) {
        return retrieve(index, query, vector, readable == null ? PermissionFilter.NONE : PermissionFilter.admitting(readable), stems);
    }

    /**
     * @param permission the caller's permission clause in the form {@link PermissionFilter} chose for the index
     *                   (none for a caller who may read every chunk in it)
     */
    Retrieved retrieve(String index, SearchQuery query, float[] vector, PermissionFilter permission, boolean stems) {
        List<Query> filters = filters(query.filters());
        filters.addAll(permission.filters());
        Query bm25 = Query.of(q -> q.bool(b -> b.must(text(query, stems)).filter(filters)));
        List<Float> queryVector = floats(vector);
        int depth = props.candidates();
        RequestItem lexical = RequestItem.of(r -> r.header(h -> h.index(index))
                .body(b -> idsFromDocValues(b.query(bm25).size(depth).trackTotalHits(t -> t.enabled(false)))));
        RequestItem dense = RequestItem.of(r -> r.header(h -> h.index(index))
                .body(b -> idsFromDocValues(b.knn(k -> k.field("embedding").queryVector(queryVector).k(depth)
                                .numCandidates(Math.max(depth, props.numCandidates())).filter(filters))
                        .size(depth).trackTotalHits(t -> t.enabled(false)))));
        MsearchResponse<Void> response;
        try {
            response = client.msearch(m -> m.searches(lexical, dense), Void.class);
        } catch (IOException | RuntimeException e) {
            throw new SearchUnavailableException("Elasticsearch did not answer the search: " + e.getMessage(), e);
        }
        Map<String, List<Fusion.Scored>> rankings = new LinkedHashMap<>();
        rankings.put(BM25, scored(response.responses().get(0)));
        rankings.put(KNN, scored(response.responses().get(1)));
        return new Retrieved(rankings);
    }

    /** The query vector as the client's request model takes it. */
    static List<Float> floats(float[] vector) {
        List<Float> out = new ArrayList<>(vector.length);
        for (float v : vector) {
            out.add(v);
        }
        return out;
    }

    /**
     * A hit's id from the columnar doc values of {@code doc_id} and {@code chunk_no} (the index contract's
     * identity, {@code {doc_id}#{chunk_no}}), with no stored field read at all: {@code _id} is a stored field,
     * kept in the same compressed blocks as {@code _source}, so returning the ids of 200 hits decompressed a
     * block of passages for nearly every hit.
     */
    private static MultisearchBody.Builder idsFromDocValues(MultisearchBody.Builder body) {
        return body.storedFields(NO_STORED_FIELDS).docvalueFields(ID_FIELDS);
    }

    /**
     * BM25F over title, heading path and text as one field ({@code combined_fields}): a term that appears in
     * the title and again in the heading path counts once, with the field weights as term-frequency
     * multipliers. Boosted {@code best_fields} took the best single field times its boost, which let a title
     * match outrank the passage that answers (SciFact nDCG@10: hybrid 0.64 with title^3 best_fields, below
     * vectors alone; see ops/bench/results/retrieval.md).
     */
    private Query text(SearchQuery query, boolean stems) {
        if (stems) {
            // the index holds title, heading path and text stemmed in one whitespace-analysed field
            String stemmed = EnglishStems.of(query.text());
            return Query.of(q -> q.match(m -> m.field("stems").query(stemmed)));
        }
        return Query.of(q -> q.combinedFields(m -> m
                .query(query.text())
                .fields("title^" + props.titleBoost(), "heading_path^" + props.headingBoost(),
                        "text^" + props.textBoost())));
    }

    private static List<Fusion.Scored> scored(MultiSearchResponseItem<Void> item) {
        if (item.isFailure()) {
            throw new SearchUnavailableException("search failed in Elasticsearch: " + item.failure().error().reason(), null);
        }
        List<Fusion.Scored> hits = new ArrayList<>();
        for (Hit<Void> hit : item.result().hits().hits()) {
            hits.add(new Fusion.Scored(id(hit), hit.score() == null ? 0 : hit.score()));
        }
        return hits;
    }

    private static String id(Hit<Void> hit) {
        JsonData docId = hit.fields().get(DOC_ID);
        JsonData chunkNo = hit.fields().get(CHUNK_NO);
        if (docId == null || chunkNo == null) {
            throw new SearchUnavailableException("a chunk without doc_id or chunk_no in the index", null);
        }
        return ChunkDocument.chunkId(docId.toJson().asJsonArray().getString(0),
                chunkNo.toJson().asJsonArray().getJsonNumber(0).intValue());
    }

    static List<Query> filters(SearchQuery.Filters f) {
        List<Query> out = new ArrayList<>();
        terms(out, "source", f.sources());
        terms(out, "product", f.products());
        terms(out, "version", f.versions());
        terms(out, "tags", f.tags());
        if (f.pathPrefix() != null && !f.pathPrefix().isBlank()) {
            out.add(Query.of(q -> q.prefix(p -> p.field("location").value(f.pathPrefix()))));
        }
        return out;
    }

    private static void terms(List<Query> out, String field, List<String> values) {
        if (!values.isEmpty()) {
            List<FieldValue> v = values.stream().map(FieldValue::of).toList();
            out.add(Query.of(q -> q.terms(t -> t.field(field).terms(tv -> tv.value(v)))));
        }
    }
}
