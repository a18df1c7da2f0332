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
