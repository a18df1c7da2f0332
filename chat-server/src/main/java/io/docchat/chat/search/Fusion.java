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
 * {@code rrf} retriever and because the method and the weights are configuration
 * ({@code docchat.search.fusion.method}; the figures behind each are in ops/bench/results/retrieval.md).
 *
 * <p>{@code convex}: each list's scores are min-max normalised over the candidates that list returned, then
 * {@code score(d) = Σ w_r · norm_r(d) / Σ w_r}, a document missing from a list getting 0 from it, so fused
 * scores lie in [0, 1] (Bruch, Gai and Ingber, ACM TOIS 2023, "An Analysis of Fusion Functions for Hybrid
 * Retrieval"). Its weakness: with fixed weights, a retriever that is much worse on a collection drags the
 * better one down (6 points of nDCG@10 below kNN alone on paraphrased questions, issue 19).
 *
 * <p>{@code dbsf}: the same weighted mean over scores normalised by mean ± 3σ of their list (distribution-based
 * score fusion), see {@link ListStats#threeSigma}.
 *
 * <p>{@code adaptive} (the default): convex, with each list's weight multiplied per query by its
 * {@link ListStats#confidence} (how far its top hit stands out from the rest of its list, 0 to 1): the
 * retriever that has committed to an answer for this query counts for more. No static weight serves every
 * collection (SciFact wants kNN at about 0.6, paraphrased questions 0.8 or more, identifiers favour BM25), and
 * the labels that would tune one are not there for a user's documents; the score distributions are.
 *
 * <p>{@code learned}: a linear model over rank and score features of both lists ({@link #FEATURES} per
 * retriever), weights {@code docchat.search.fusion.learned-weights} fitted by logistic regression on NFCorpus
 * (the development collection) by the evaluation harness ({@code --train-fusion}).
 *
 * <p>{@code rrf}: weighted reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009),
 * {@code score(d) = Σ w_r / (k + rank_r(d))} with 1-based ranks; it ignores the scores.
 *
 * <p>Ties go to the better single rank, then the id, so the order is deterministic.
 */
final class Fusion {

    /** The learned model's features per retriever, in this order, for bm25 then knn. */
    static final List<String> FEATURES = List.of("minmax", "three-sigma", "rank10", "confidence-minmax");
    /** The retrievers the learned model knows, in the order of its weights. */
    static final List<String> LEARNED_RETRIEVERS = List.of(HybridRetriever.BM25, HybridRetriever.KNN);

    /** One retriever's hit: the chunk id and the retriever's own score (BM25, or kNN similarity). */
    record Scored(String id, double score) {
    }

    /** A fused entry: the id, its fused score and the retrievers that returned it. */
    record Fused(String id, double score, Set<String> retrievers, int bestRank) {
    }

    private final SearchProperties.FusionMethod method;
    private final int k;
    private final Map<String, Double> weights;
    private final double[] learned;

    Fusion(SearchProperties.FusionMethod method, int k, Map<String, Double> weights) {
        this(method, k, weights, List.of());
    }

    Fusion(SearchProperties.FusionMethod method, int k, Map<String, Double> weights, List<Double> learnedWeights) {
        this.method = method;
        this.k = k;
        this.weights = Map.copyOf(weights);
        this.learned = learnedWeights.stream().mapToDouble(Double::doubleValue).toArray();
        if (method == SearchProperties.FusionMethod.LEARNED
                && learned.length != FEATURES.size() * LEARNED_RETRIEVERS.size()) {
            throw new IllegalArgumentException("learned fusion needs " + FEATURES.size() * LEARNED_RETRIEVERS.size()
                    + " weights (" + FEATURES + " for " + LEARNED_RETRIEVERS + "), got " + learned.length);
        }
    }

    static Fusion of(SearchProperties.FusionProperties p) {
        return new Fusion(p.method(), p.rrfK(),
                Map.of(HybridRetriever.BM25, p.bm25Weight(), HybridRetriever.KNN, p.knnWeight()), p.learnedWeights());
    }

    SearchProperties.FusionMethod method() {
        return method;
    }

    /** Fuses lists keyed by retriever name, each best first; a retriever without a weight weighs 1. */
    List<Fused> fuse(Map<String, List<Scored>> lists) {
        Map<String, ListStats> stats = new LinkedHashMap<>();
        lists.forEach((name, hits) -> stats.put(name, ListStats.of(hits)));
        Map<String, Double> effective = effectiveWeights(lists.keySet(), stats);
        Map<String, Acc> acc = new LinkedHashMap<>();
        for (Map.Entry<String, List<Scored>> list : lists.entrySet()) {
            List<Scored> hits = list.getValue();
            String name = list.getKey();
            ListStats st = stats.get(name);
            double w = effective.get(name);
            int learnedAt = LEARNED_RETRIEVERS.indexOf(name) * FEATURES.size();
            for (int i = 0; i < hits.size(); i++) {
                Acc a = acc.computeIfAbsent(hits.get(i).id(), id -> new Acc());
                double s = hits.get(i).score();
                a.score += switch (method) {
                    case RRF -> w / (k + i + 1);
                    case CONVEX, ADAPTIVE -> w * st.minMax(s);
                    case DBSF -> w * st.threeSigma(s);
                    case LEARNED -> learnedAt < 0 ? 0 : dot(features(st, s, i + 1), learnedAt);
                };
                a.retrievers.add(name);
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

    /**
     * The learned model's features of one hit in one list ({@link #FEATURES}); a document missing from a list
     * has all of that list's features 0. Also what the harness trains on.
     */
    static double[] features(ListStats st, double score, int rank) {
        double minMax = st.minMax(score);
        return new double[]{minMax, st.threeSigma(score), 10.0 / (10 + rank),
                st.confidence() * minMax};
    }

    /** Every fused id's feature vector (bm25's features, then knn's), for training the learned model. */
    static Map<String, double[]> featureVectors(Map<String, List<Scored>> lists) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int r = 0; r < LEARNED_RETRIEVERS.size(); r++) {
            List<Scored> hits = lists.getOrDefault(LEARNED_RETRIEVERS.get(r), List.of());
            ListStats st = ListStats.of(hits);
            for (int i = 0; i < hits.size(); i++) {
                double[] v = out.computeIfAbsent(hits.get(i).id(), id -> new double[FEATURES.size() * LEARNED_RETRIEVERS.size()]);
                System.arraycopy(features(st, hits.get(i).score(), i + 1), 0, v, r * FEATURES.size(), FEATURES.size());
            }
        }
        return out;
    }

    private double dot(double[] features, int offset) {
        double sum = 0;
        for (int j = 0; j < features.length; j++) {
            sum += learned[offset + j] * features[j];
        }
        return sum;
    }

    /**
     * The weights as used for this query, summing to 1 for the score-based methods (so fused scores stay in
     * [0, 1]); {@code adaptive} scales each configured weight by its list's confidence first, falling back to the
     * configured weights when no list has any.
     */
    private Map<String, Double> effectiveWeights(Set<String> names, Map<String, ListStats> stats) {
        Map<String, Double> out = new LinkedHashMap<>();
        double sum = 0;
        for (String name : names) {
            double w = weight(name) * (method == SearchProperties.FusionMethod.ADAPTIVE ? stats.get(name).confidence() : 1);
            out.put(name, w);
            sum += w;
        }
        if (method == SearchProperties.FusionMethod.ADAPTIVE && sum == 0) {
            sum = 0;
            for (String name : names) {
                out.put(name, weight(name));
                sum += weight(name);
            }
        }
        if (method != SearchProperties.FusionMethod.RRF) {
            double total = sum;
            out.replaceAll((name, w) -> total == 0 ? 0 : w / total);
        }
        return out;
    }

    private double weight(String retriever) {
        return weights.getOrDefault(retriever, 1.0);
    }

    private static final class Acc {
        double score;
        final Set<String> retrievers = new LinkedHashSet<>();
        int bestRank = Integer.MAX_VALUE;
    }
}
