package io.docchat.bench.cost;

import io.docchat.bench.embed.CachingEmbedder;
import io.docchat.elastic.embed.BgeSmallEmbedder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The closest pairs of distinct questions in the collection by the similarity the semantic answer cache uses
 * (cosine of the query embeddings of the normalised questions, the model the server runs). A pair above the
 * threshold would share one cached answer; whether the two questions ask the same thing decides whether
 * that is a saving or a wrong answer, so the report lists the closest pairs for a reader to judge.
 */
final class QuestionNeighbours {

    record Pair(double cosine, String a, String b) {
    }

    /** The closest pairs, and how many pairs reach each threshold. */
    record Summary(List<Pair> top, java.util.Map<Double, Long> pairsAtOrAbove, int distinct) {
    }

    static final List<Double> THRESHOLDS = List.of(0.85, 0.90, 0.92, 0.95);

    private QuestionNeighbours() {
    }

    static Summary closest(Path root, List<String> questions, int top) {
        List<String> distinct = questions.stream().map(ChatReplay::normalise).distinct().toList();
        List<float[]> vectors = new ArrayList<>();
        try (CachingEmbedder embedder = new CachingEmbedder(new BgeSmallEmbedder(2), root.resolve(".local/bench/embeddings"))) {
            for (String q : distinct) {
                vectors.add(embedder.embedQuery(q));
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            for (int j = i + 1; j < distinct.size(); j++) {
                pairs.add(new Pair(cosine(vectors.get(i), vectors.get(j)), distinct.get(i), distinct.get(j)));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::cosine).reversed());
        java.util.Map<Double, Long> above = new java.util.LinkedHashMap<>();
        for (double t : THRESHOLDS) {
            above.put(t, pairs.stream().filter(p -> p.cosine() >= t).count());
        }
        return new Summary(List.copyOf(pairs.subList(0, Math.min(top, pairs.size()))), above, distinct.size());
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
