package io.docchat.chat.search;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * CPU cost of the product's fusion per query, each method on the same lists ({@code ops/bench/run fusion-cost}):
 * two lists of 100 chunks (BM25 scores falling from about 25, cosines from about 0.9, 40 chunks in both), fused
 * in batches of 1,000 queries on one thread after a warm-up; prints the median and the worst batch's thread CPU
 * time per query. The issue 19 budget for fusion and any second stage is 1 CPU-ms per query.
 */
public final class FusionCost {

    private static final int BATCH = 1_000;
    private static final int BATCHES = 15;

    private FusionCost() {
    }

    public static void main(String[] args) {
        Random random = new Random(19);
        List<Map<String, List<Fusion.Scored>>> queries = new ArrayList<>();
        for (int q = 0; q < 64; q++) {
            queries.add(lists(random));
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        System.out.printf("| method | median CPU-µs/query | worst batch | %n|---|---|---|%n");
        for (SearchProperties.FusionMethod method : SearchProperties.FusionMethod.values()) {
            Fusion fusion = new Fusion(method, 60, Map.of(), List.of(0.5, 0.1, 0.2, 0.1, 0.5, 0.1, 0.2, 0.1));
            long sink = 0;
            double[] perQuery = new double[BATCHES];
            for (int b = -5; b < BATCHES; b++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < BATCH; i++) {
                    sink += fusion.fuse(queries.get(i % queries.size())).size();
                }
                if (b >= 0) {
                    perQuery[b] = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / BATCH;
                }
            }
            Arrays.sort(perQuery);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%s%n", method.name().toLowerCase(Locale.ROOT),
                    perQuery[BATCHES / 2], perQuery[BATCHES - 1], sink == 0 ? " (nothing fused)" : "");
        }
    }

    private static Map<String, List<Fusion.Scored>> lists(Random random) {
        List<Fusion.Scored> bm25 = new ArrayList<>();
        List<Fusion.Scored> knn = new ArrayList<>();
        double s = 20 + 10 * random.nextDouble();
        double c = 0.85 + 0.1 * random.nextDouble();
        for (int i = 0; i < 100; i++) {
            s -= 0.15 * random.nextDouble();
            bm25.add(new Fusion.Scored("doc-" + random.nextInt(1000) + "#" + i, s));
        }
        for (int i = 0; i < 100; i++) {
            c -= 0.002 * random.nextDouble();
            // the first 40 kNN hits are BM25 hits in another order (7 is prime to 40), the rest are its own
            String id = i < 40 ? bm25.get(i * 7 % 40).id() : "doc-" + random.nextInt(1000) + "#k" + i;
            knn.add(new Fusion.Scored(id, c));
        }
        Map<String, List<Fusion.Scored>> out = new LinkedHashMap<>();
        out.put(HybridRetriever.BM25, bm25);
        out.put(HybridRetriever.KNN, knn);
        return out;
    }
}
