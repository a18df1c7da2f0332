package io.docchat.bench.eval;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docchat.bench.metrics.Ranked;
import io.docchat.elastic.embed.Embedder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * BM25 and kNN straight against the chunk index, used until the product's {@code SearchService} can be
 * driven from here. Chunk hits are collapsed to documents keeping each document's best chunk (max-passage),
 * the usual way to score chunked documents on a document-level benchmark.
 */
final class EsRetrievers {

    private EsRetrievers() {
    }

    /**
     * BM25F over title and abstract ({@code combined_fields}): the fields are scored as one, which is what
     * made Anserini's "flat" run (0.679) beat its per-field "multifield" run (0.665) on SciFact, while keeping
     * the title a separate field as the product mapping has it.
     */
    static Retriever bm25(ElasticsearchClient client, String index, java.util.function.UnaryOperator<String> docIds) {
        return new Retriever() {
            public String name() {
                return "bm25";
            }

            public List<Ranked> retrieve(String queryId, String query, int depth) {
                Query q = Query.of(b -> b.combinedFields(c -> c.query(query).fields("title", "text")));
                return collapse(search(client, index, s -> s.query(q).size(depth * 2)), depth, docIds);
            }
        };
    }

    /**
     * kNN on the int8 HNSW field. {@code num_candidates} is 5x k so the graph search is close to exact on a
     * corpus this size, and the int8 distances are rescored with the float vectors (oversample 2): the
     * evaluation should measure the model, not the approximation.
     */
    static Retriever knn(ElasticsearchClient client, String index, Embedder embedder,
                         java.util.function.UnaryOperator<String> docIds) {
        return new Retriever() {
            public String name() {
                return "vector";
            }

            public List<Ranked> retrieve(String queryId, String query, int depth) {
                float[] v = embedder.embedQuery(query);
                List<Float> vector = new ArrayList<>(v.length);
                for (float x : v) {
                    vector.add(x);
                }
                int chunks = depth * 2;
                return collapse(search(client, index, s -> s.size(chunks).knn(k -> k.field("embedding")
                        .queryVector(vector).k(chunks).numCandidates(Math.min(10_000, chunks * 5))
                        .rescoreVector(r -> r.oversample(2f)))), depth, docIds);
            }
        };
    }

    private static SearchResponse<ObjectNode> search(ElasticsearchClient client, String index,
            java.util.function.Function<co.elastic.clients.elasticsearch.core.SearchRequest.Builder,
                    co.elastic.clients.elasticsearch.core.SearchRequest.Builder> body) {
        try {
            return client.search(s -> body.apply(s.index(index).source(src -> src.fetch(false))), ObjectNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("search on " + index + " failed", e);
        }
    }

    /**
     * Keeps each document's best chunk. Twice {@code depth} chunks are fetched so that documents split into
     * several chunks still fill {@code depth} distinct documents.
     */
    static List<Ranked> collapse(SearchResponse<ObjectNode> resp, int depth, java.util.function.UnaryOperator<String> docIds) {
        Set<String> seen = new LinkedHashSet<>();
        List<Ranked> out = new ArrayList<>();
        for (Hit<ObjectNode> h : resp.hits().hits()) {
            String docId = docIds.apply(docIdOf(h.id()));
            if (seen.add(docId) && out.size() < depth) {
                out.add(new Ranked(docId, h.score() == null ? 0 : h.score()));
            }
        }
        return out;
    }

    static String docIdOf(String chunkId) {
        int hash = chunkId.lastIndexOf('#');
        return hash < 0 ? chunkId : chunkId.substring(0, hash);
    }
}
