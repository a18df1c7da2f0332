package io.docchat.chat.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses the retrievers' ranked lists into one, on the client because the minimal Elasticsearch has no
 * {@code rrf} retriever and because the method and the weights are configuration.
 *
 * <p>{@code convex} (the default): each list's scores are min-max normalised over the candidates that list
 * returned, then {@code score(d) = Σ w_r · norm_r(d) / Σ w_r}, a document missing from a list getting 0 from
 * it, so fused scores lie in [0, 1]. Bruch, Gai and Ingber (ACM TOIS 2023, "An Analysis of Fusion Functions
 * for Hybrid Retrieval") found this convex combination at least as good as RRF in and out of domain, because
 * it keeps how far apart the hits are rather than only their order (SciFact through this code: nDCG@10 0.722
 * against RRF's 0.712). Equal weights are the untuned prior and stay the default: a dense-leaning 0.4/0.6,
 * cross-validated on SciFact, gains 0.013 held-out with 320-token chunks but loses with 448-token ones, and in
 * documentation exact identifiers are found by BM25 alone, where equal weights keep BM25's top hit at least
 * level with a top hit of kNN alone (see ops/bench/results/retrieval.md, sections E and F).
 *
 * <p>{@code rrf}: weighted reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009),
 * {@code score(d) = Σ w_r / (k + rank_r(d))} with 1-based ranks; it ignores the scores.
 *
 * <p>Ties go to the better single rank, then the id, so the order is deterministic.
 */
final class Fusion {

    /** One retriever's hit: the chunk id and the retriever's own score (BM25, or kNN similarity). */
    record Scored(String id, double score) {
    }

    /** A fused entry: the id, its fused score and the retrievers that returned it. */
    record Fused(String id, double score, Set<String> retrievers, int bestRank) {
    }

    private final SearchProperties.FusionMethod method;
    private final int k;
    private final Map<String, Double> weights;

    Fusion(SearchProperties.FusionMethod method, int k, Map<String, Double> weights) {
        this.method = method;
        this.k = k;
        this.weights = Map.copyOf(weights);
    }

    static Fusion of(SearchProperties.FusionProperties p) {
        return new Fusion(p.method(), p.rrfK(),
                Map.of(HybridRetriever.BM25, p.bm25Weight(), HybridRetriever.KNN, p.knnWeight()));
    }

    SearchProperties.FusionMethod method() {
        return method;
    }

    /** Fuses lists keyed by retriever name, each best first; a retriever without a weight weighs 1. */
    List<Fused> fuse(Map<String, List<Scored>> lists) {
        double weightSum = 0;
        for (String retriever : lists.keySet()) {
            weightSum += weight(retriever);
        }
        Map<String, Acc> acc = new LinkedHashMap<>();
        for (Map.Entry<String, List<Scored>> list : lists.entrySet()) {
            List<Scored> hits = list.getValue();
            double w = weight(list.getKey());
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Scored s : hits) {
                min = Math.min(min, s.score());
                max = Math.max(max, s.score());
            }
            for (int i = 0; i < hits.size(); i++) {
                Acc a = acc.computeIfAbsent(hits.get(i).id(), id -> new Acc());
                a.score += switch (method) {
                    case RRF -> w / (k + i + 1);
                    case CONVEX -> weightSum == 0 ? 0 : w / weightSum * normalised(hits.get(i).score(), min, max);
                };
                a.retrievers.add(list.getKey());
                a.bestRank = Math.min(a.bestRank, i + 1);
            }
        }
        List<Fused> out = new ArrayList<>(acc.size());
        acc.forEach((id, a) -> out.add(new Fused(id, a.score, Set.copyOf(a.retrievers), a.bestRank)));
        out.sort(Comparator.comparingDouble(Fused::score).reversed()
                .thenComparingInt(Fused::bestRank)
                .thenComparing(Fused::id));
        return out;
    }

    private double weight(String retriever) {
        return weights.getOrDefault(retriever, 1.0);
    }

    /** Min-max over the list; a list whose scores are all equal (one hit, say) puts every hit at the top. */
    private static double normalised(double score, double min, double max) {
        return max > min ? (score - min) / (max - min) : 1.0;
    }

    private static final class Acc {
        double score;
        final Set<String> retrievers = new LinkedHashSet<>();
        int bestRank = Integer.MAX_VALUE;
    }
}
