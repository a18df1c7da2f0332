package io.docchat.bench.eval;

import io.docchat.bench.metrics.Ranked;
import io.docchat.chat.search.ProductRetrieval;
import io.docchat.elastic.embed.Embedder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The product's search path as three evaluation modes ({@code product-bm25}, {@code product-vector},
 * {@code product-hybrid}); one {@code _msearch} per query serves all three. A variant's modes carry its name
 * after an {@code @}. A variant that changes only the fusion ({@link #fused}) re-fuses this path's lists instead
 * of searching again, so every fusion method is compared on the very same candidates.
 */
final class ProductRetrievers {

    private final ProductRetrieval product;
    private final String index;
    private final Embedder embedder;
    private final UnaryOperator<String> docIds;
    private final String suffix;
    private final Map<String, Map<String, List<ProductRetrieval.RankedChunk>>> byQuery = new LinkedHashMap<>();

    ProductRetrievers(ProductRetrieval product, String index, Embedder embedder, UnaryOperator<String> docIds) {
        this(product, index, embedder, docIds, "");
    }

    /** A variant's modes: {@code suffix} is {@code @name}. */
    ProductRetrievers(ProductRetrieval product, String index, Embedder embedder, UnaryOperator<String> docIds,
                      String suffix) {
        this.product = product;
        this.index = index;
        this.embedder = embedder;
        this.docIds = docIds;
        this.suffix = suffix;
    }

    List<Retriever> modes() {
        return List.of(mode("product-bm25" + suffix, "bm25"), mode("product-vector" + suffix, "knn"),
                mode("product-hybrid" + suffix, "hybrid"));
    }

    /** The hybrid mode of this path's lists fused with other fusion settings ({@code fusion.} prefix removed). */
    Retriever fused(String name, Map<String, String> fusionSettings) {
        return retriever(name, (queryId, query) -> ProductRetrieval.fuse(lists(queryId, query), fusionSettings));
    }

    /** Every query's product lists so far ({@code bm25}, {@code knn}, {@code hybrid}), by query id. */
    Map<String, Map<String, List<ProductRetrieval.RankedChunk>>> lists() {
        return byQuery;
    }

    /** A chunk id's BEIR document id. */
    String docOf(String chunkId) {
        return docIds.apply(EsRetrievers.docIdOf(chunkId));
    }

    private Retriever mode(String name, String key) {
        return retriever(name, (queryId, query) -> lists(queryId, query).get(key));
    }

    /** The product's lists of one query ({@code bm25}, {@code knn}, {@code hybrid}), searched once. */
    Map<String, List<ProductRetrieval.RankedChunk>> lists(String queryId, String query) {
        // every mode of one query shares a single _msearch
        return byQuery.computeIfAbsent(queryId, id -> product.search(index, query, embedder.embedQuery(query)));
    }

    /** The product path these modes search, and its index. */
    ProductRetrieval product() {
        return product;
    }

    String index() {
        return index;
    }

    Retriever retriever(String name, java.util.function.BiFunction<String, String, List<ProductRetrieval.RankedChunk>> chunks) {
        return new Retriever() {
            public String name() {
                return name;
            }

            public List<Ranked> retrieve(String queryId, String query, int depth) {
                return collapse(chunks.apply(queryId, query), depth);
            }
        };
    }

    /** Chunk hits to documents, each at its best chunk's place and score. */
    List<Ranked> collapse(List<ProductRetrieval.RankedChunk> chunks, int depth) {
        Set<String> seen = new LinkedHashSet<>();
        List<Ranked> out = new ArrayList<>();
        for (ProductRetrieval.RankedChunk c : chunks) {
            String doc = docOf(c.chunkId());
            if (seen.add(doc) && out.size() < depth) {
                out.add(new Ranked(doc, c.score()));
            }
        }
        return out;
    }
}
