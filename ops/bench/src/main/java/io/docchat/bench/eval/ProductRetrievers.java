package io.docchat.bench.eval;

import io.docchat.bench.metrics.Ranked;
import io.docchat.chat.search.ProductRetrieval;
import io.docchat.elastic.embed.Embedder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The product's search path as three evaluation modes ({@code product-bm25}, {@code product-vector},
 * {@code product-hybrid}); one {@code _msearch} per query serves all three. A variant's modes carry its name
 * after an {@code @}; a variant that changes only the fusion has just its hybrid mode (its lists are the same).
 */
final class ProductRetrievers {

    private final ProductRetrieval product;
    private final String index;
    private final Embedder embedder;
    private final UnaryOperator<String> docIds;
    private final String suffix;
    private final boolean singles;
    private final Map<String, Map<String, List<ProductRetrieval.RankedChunk>>> lastByQuery = new HashMap<>();

    ProductRetrievers(ProductRetrieval product, String index, Embedder embedder, UnaryOperator<String> docIds) {
        this(product, index, embedder, docIds, "", true);
    }

    /** A variant's modes: {@code suffix} is {@code @name}; {@code singles} false for a fusion-only variant. */
    ProductRetrievers(ProductRetrieval product, String index, Embedder embedder, UnaryOperator<String> docIds,
                      String suffix, boolean singles) {
        this.product = product;
        this.index = index;
        this.embedder = embedder;
        this.docIds = docIds;
        this.suffix = suffix;
        this.singles = singles;
    }

    List<Retriever> modes() {
        Retriever hybrid = mode("product-hybrid" + suffix, "hybrid");
        return singles ? List.of(mode("product-bm25" + suffix, "bm25"), mode("product-vector" + suffix, "knn"), hybrid)
                : List.of(hybrid);
    }

    private Retriever mode(String name, String key) {
        return new Retriever() {
            public String name() {
                return name;
            }

            public List<Ranked> retrieve(String queryId, String query, int depth) {
                Map<String, List<ProductRetrieval.RankedChunk>> all = lastByQuery.get(queryId);
                if (all == null) {
                    // the three modes of one query share a single _msearch; keep only the current query
                    lastByQuery.clear();
                    all = product.search(index, query, embedder.embedQuery(query));
                    lastByQuery.put(queryId, all);
                }
                return collapse(all.get(key), depth);
            }
        };
    }

    private List<Ranked> collapse(List<ProductRetrieval.RankedChunk> chunks, int depth) {
        Set<String> seen = new LinkedHashSet<>();
        List<Ranked> out = new ArrayList<>();
        for (ProductRetrieval.RankedChunk c : chunks) {
            String doc = docIds.apply(EsRetrievers.docIdOf(c.chunkId()));
            if (seen.add(doc) && out.size() < depth) {
                out.add(new Ranked(doc, c.score()));
            }
        }
        return out;
    }
}
