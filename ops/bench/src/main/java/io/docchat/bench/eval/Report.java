package io.docchat.bench.eval;

import io.docchat.bench.metrics.QueryScores;
import io.docchat.bench.metrics.Summary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the summary table (with SciFact's published figures beside it) and writes the per-query file. */
final class Report {

    /** From /work/shared/datasets/scifact/SOURCE.md: nDCG@10 and Recall@100 where published. */
    static final Map<String, String> SCIFACT_PUBLISHED = Map.of(
            "bm25", "BM25 (BEIR paper) 0.665 / R@100 0.908",
            "vector", "bge-small-en-v1.5 (MTEB) 0.713 / R@100 0.945",
            "hybrid-rrf", "RRF BM25 + bge-base (quackir) 0.744",
            "hybrid-cc", "RRF BM25 + bge-base (quackir) 0.744",
            "product-bm25", "BM25 (BEIR paper) 0.665 / R@100 0.908",
            "product-vector", "bge-small-en-v1.5 (MTEB) 0.713 / R@100 0.945",
            "product-hybrid", "RRF BM25 + bge-base (quackir) 0.744");

    private Report() {
    }

    static void print(PrintStream out, String dataset, Map<String, List<QueryScores>> scores) {
        boolean scifact = dataset.toLowerCase(Locale.ROOT).contains("scifact");
        out.println();
        out.printf("| mode | nDCG@10 | Recall@10 | Recall@100 | MRR@10 | queries |%s%n", scifact ? " published (SciFact) |" : "");
        out.printf("|---|---|---|---|---|---|%s%n", scifact ? "---|" : "");
        for (var e : scores.entrySet()) {
            Summary s = Summary.of(e.getValue());
            out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %d |%s%n", e.getKey(), s.ndcg10(),
                    s.recall10(), s.recall100(), s.mrr10(), s.queries(),
                    scifact ? " " + SCIFACT_PUBLISHED.getOrDefault(e.getKey(), "") + " |" : "");
        }
        out.println();
    }

    /**
     * The suite's table: every mode (present in every collection) by collection, nDCG@10 / Recall@100, and
     * their means over the collections (each collection weighs the same, whatever its number of queries); then,
     * per fusion, its margin to the better of product BM25 and product kNN (the issue 19 target: ≥ -0.005).
     */
    static void printSuite(PrintStream out, Map<String, Map<String, List<QueryScores>>> suite) {
        if (suite.isEmpty()) {
            return;
        }
        List<String> names = List.copyOf(suite.keySet());
        List<String> modes = suite.values().iterator().next().keySet().stream()
                .filter(m -> suite.values().stream().allMatch(s -> s.containsKey(m))).toList();
        out.println();
        out.println("suite: nDCG@10 / Recall@100 by collection, mean over collections");
        out.printf("| mode | %s | mean |%n", String.join(" | ", names));
        out.printf("|---|%s---|%n", "---|".repeat(names.size()));
        for (String m : modes) {
            StringBuilder row = new StringBuilder("| " + m + " |");
            double ndcg = 0;
            double recall = 0;
            for (String n : names) {
                Summary s = Summary.of(suite.get(n).get(m));
                row.append(String.format(Locale.ROOT, " %.4f / %.4f |", s.ndcg10(), s.recall100()));
                ndcg += s.ndcg10();
                recall += s.recall100();
            }
            row.append(String.format(Locale.ROOT, " %.4f / %.4f |", ndcg / names.size(), recall / names.size()));
            out.println(row);
        }
        out.println();
        out.println("fusion margin: nDCG@10 minus max(product-bm25, product-vector) (target >= -0.005)");
        out.printf("| mode | %s | worst |%n", String.join(" | ", names));
        out.printf("|---|%s---|%n", "---|".repeat(names.size()));
        for (String m : modes) {
            if (!m.startsWith("product-hybrid")) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + m + " |");
            double worst = Double.POSITIVE_INFINITY;
            for (String n : names) {
                Map<String, List<QueryScores>> c = suite.get(n);
                String suffix = m.substring("product-hybrid".length());
                String bm25 = c.containsKey("product-bm25" + suffix) ? "product-bm25" + suffix : "product-bm25";
                String knn = c.containsKey("product-vector" + suffix) ? "product-vector" + suffix : "product-vector";
                double margin = Summary.of(c.get(m)).ndcg10()
                        - Math.max(Summary.of(c.get(bm25)).ndcg10(), Summary.of(c.get(knn)).ndcg10());
                worst = Math.min(worst, margin);
                row.append(String.format(Locale.ROOT, " %+.4f |", margin));
            }
            out.println(row.append(String.format(Locale.ROOT, " %+.4f |", worst)));
        }
        out.println();
    }

    static void writePerQuery(Path file, Map<String, List<QueryScores>> scores) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("mode\tquery_id\tndcg@10\trecall@10\trecall@100\tmrr@10\trelevant\tretrieved\n");
            for (var e : scores.entrySet()) {
                for (QueryScores q : e.getValue()) {
                    w.write(String.format(Locale.ROOT, "%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%d%n", e.getKey(),
                            q.queryId(), q.ndcg10(), q.recall10(), q.recall100(), q.mrr10(), q.relevant(),
                            q.retrieved()));
                }
            }
        }
    }
}
