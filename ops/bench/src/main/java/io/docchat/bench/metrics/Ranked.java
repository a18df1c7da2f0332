package io.docchat.bench.metrics;

/** One retrieved document and the score the system gave it. */
public record Ranked(String docId, double score) {

    public Ranked {
        if (docId == null || docId.isEmpty()) {
            throw new IllegalArgumentException("docId must not be empty");
        }
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score must be a number");
        }
    }
}
