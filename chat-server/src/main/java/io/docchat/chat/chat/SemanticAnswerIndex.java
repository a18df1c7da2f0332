package io.docchat.chat.chat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The optional semantic side of the answer cache: embeddings of recently answered first-turn questions,
 * so that a rewording ("how do I rotate keys" / "rotating the signing keys?") finds the stored answer
 * when the cosine similarity is above the threshold. Kept per index generation (a new index starts
 * empty) and bounded; in memory per instance, while the answers themselves stay in Redis.
 */
final class SemanticAnswerIndex {

    private final double threshold;
    private final int capacity;
    private String generation = "";
    private final Deque<Entry> entries = new ArrayDeque<>();

    SemanticAnswerIndex(double threshold, int capacity) {
        this.threshold = threshold;
        this.capacity = capacity;
    }

    boolean enabled() {
        return threshold > 0 && threshold <= 1;
    }

    /**
     * The cache key of the most similar earlier question of this generation asked under this permission set
     * ({@code Viewer.partition()}), if similar enough: an answer never crosses to callers with other groups.
     */
    synchronized Optional<String> nearest(String indexGeneration, String partition, float[] question) {
        if (!indexGeneration.equals(generation)) {
            return Optional.empty();
        }
        String best = null;
        double bestScore = threshold;
        for (Entry e : entries) {
            if (!e.partition().equals(partition)) {
                continue;
            }
            double s = cosine(question, e.vector());
            if (s >= bestScore) {
                bestScore = s;
                best = e.cacheKey();
            }
        }
        return Optional.ofNullable(best);
    }

    synchronized void add(String indexGeneration, String partition, float[] question, String cacheKey) {
        if (!indexGeneration.equals(generation)) {
            generation = indexGeneration;
            entries.clear();
        }
        entries.addFirst(new Entry(partition, question, cacheKey));
        while (entries.size() > capacity) {
            entries.removeLast();
        }
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return 0;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private record Entry(String partition, float[] vector, String cacheKey) {
    }
}
