package io.docchat.chat.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weighted reciprocal rank fusion: {@code score(d) = Σ weight_r / (k + rank_r(d))} with 1-based ranks.
 * Done on the client because the minimal Elasticsearch has no {@code rrf} retriever, and it lets the
 * weights be configuration.
 */
final class Fusion {

    private final int k;
    private final Map<String, Double> weights;

    Fusion(int k, Map<String, Double> weights) {
        this.k = k;
        this.weights = Map.copyOf(weights);
    }

    /** A fused entry: the id, its fused score and the retrievers that ranked it. */
    record Fused(String id, double score, Set<String> retrievers, int bestRank) {
    }

    /** Fuses ranked id lists keyed by retriever name; ties go to the better single rank, then the id. */
    List<Fused> fuse(Map<String, List<String>> rankings) {
        Map<String, Acc> acc = new LinkedHashMap<>();
        rankings.forEach((retriever, ids) -> {
            double w = weights.getOrDefault(retriever, 1.0);
            for (int i = 0; i < ids.size(); i++) {
                Acc a = acc.computeIfAbsent(ids.get(i), id -> new Acc());
                a.score += w / (k + i + 1);
                a.retrievers.add(retriever);
                a.bestRank = Math.min(a.bestRank, i + 1);
            }
        });
        List<Fused> out = new ArrayList<>(acc.size());
        acc.forEach((id, a) -> out.add(new Fused(id, a.score, Set.copyOf(a.retrievers), a.bestRank)));
        out.sort(Comparator.comparingDouble(Fused::score).reversed()
                .thenComparingInt(Fused::bestRank)
                .thenComparing(Fused::id));
        return out;
    }

    private static final class Acc {
        double score;
        final Set<String> retrievers = new LinkedHashSet<>();
        int bestRank = Integer.MAX_VALUE;
    }
}
