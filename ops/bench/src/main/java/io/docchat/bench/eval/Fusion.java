package io.docchat.bench.eval;

import io.docchat.bench.metrics.Ranked;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Client-side fusion of ranked lists, as the product does it (the minimal cluster has no {@code rrf} retriever). */
final class Fusion {

    private Fusion() {
    }

    /**
     * Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): {@code sum w / (k + rank)}, rank from 1.
     * It ignores score scales, which differ wildly between BM25 and cosine, and k = 60 is the paper's value.
     */
    static List<Ranked> rrf(List<List<Ranked>> lists, double[] weights, int k, int depth) {
        Map<String, Double> fused = new LinkedHashMap<>();
        for (int l = 0; l < lists.size(); l++) {
            List<Ranked> list = lists.get(l);
            for (int i = 0; i < list.size(); i++) {
                fused.merge(list.get(i).docId(), weights[l] / (k + i + 1.0), Double::sum);
            }
        }
        return top(fused, depth);
    }

    /**
     * Convex combination of min-max normalised scores, {@code alpha * dense + (1 - alpha) * sparse}; a document
     * missing from a list gets that list's minimum (0 after normalisation). Bruch, Gai and Ingber (ACM TOIS
     * 2023, "An Analysis of Fusion Functions for Hybrid Retrieval") found it at least as good as RRF in and out
     * of domain; it is reported beside RRF, not tuned here.
     */
    static List<Ranked> convex(List<Ranked> sparse, List<Ranked> dense, double alpha, int depth) {
        Map<String, Double> fused = new LinkedHashMap<>();
        addNormalised(fused, sparse, 1 - alpha);
        addNormalised(fused, dense, alpha);
        return top(fused, depth);
    }

    /**
     * As {@link #convex} but each list standardised ({@code (s - mean) / sd}, the z-score normalisation Bruch et
     * al. compare with min-max), a document missing from a list getting that list's lowest z-score; a check on
     * whether min-max's dependence on the single best and worst hit costs anything.
     */
    static List<Ranked> convexZ(List<Ranked> sparse, List<Ranked> dense, double alpha, int depth) {
        Map<String, Double> fused = new LinkedHashMap<>();
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        sparse.forEach(r -> ids.add(r.docId()));
        dense.forEach(r -> ids.add(r.docId()));
        addStandardised(fused, ids, sparse, 1 - alpha);
        addStandardised(fused, ids, dense, alpha);
        return top(fused, depth);
    }

    private static void addStandardised(Map<String, Double> fused, java.util.Set<String> ids, List<Ranked> list,
                                        double weight) {
        if (list.isEmpty()) {
            return;
        }
        double mean = list.stream().mapToDouble(Ranked::score).average().orElse(0);
        double var = list.stream().mapToDouble(r -> (r.score() - mean) * (r.score() - mean)).sum() / list.size();
        double sd = Math.sqrt(var);
        Map<String, Double> z = new LinkedHashMap<>();
        for (Ranked r : list) {
            z.put(r.docId(), sd == 0 ? 0 : (r.score() - mean) / sd);
        }
        double floor = z.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        for (String id : ids) {
            fused.merge(id, weight * z.getOrDefault(id, floor), Double::sum);
        }
    }

    private static void addNormalised(Map<String, Double> fused, List<Ranked> list, double weight) {
        if (list.isEmpty()) {
            return;
        }
        double min = list.stream().mapToDouble(Ranked::score).min().orElse(0);
        double max = list.stream().mapToDouble(Ranked::score).max().orElse(0);
        double range = max - min;
        for (Ranked r : list) {
            double norm = range == 0 ? 1 : (r.score() - min) / range;
            fused.merge(r.docId(), weight * norm, Double::sum);
        }
    }

    private static List<Ranked> top(Map<String, Double> fused, int depth) {
        List<Ranked> out = new ArrayList<>(fused.size());
        fused.forEach((id, s) -> out.add(new Ranked(id, s)));
        out.sort(Comparator.comparingDouble(Ranked::score).reversed()
                .thenComparing(Ranked::docId, Comparator.reverseOrder()));
        return out.size() > depth ? List.copyOf(out.subList(0, depth)) : out;
    }
}
