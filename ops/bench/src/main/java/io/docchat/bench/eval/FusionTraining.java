package io.docchat.bench.eval;

import io.docchat.bench.beir.Qrels;
import io.docchat.chat.search.ProductRetrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fits the product's {@code learned} fusion: a logistic regression (L2-regularised, batch gradient descent) whose
 * rows are the chunks of both product lists of every query, with the learned fusion's features
 * ({@link ProductRetrieval#features}) and label 1 when the chunk's document is judged relevant. Pointwise and
 * linear on purpose: eight features, a few hundred queries of one development collection; anything richer
 * would fit NFCorpus rather than fusion. The bias does not change a ranking and is not part of the weights.
 */
final class FusionTraining {

    private static final int ITERATIONS = 3000;
    private static final double RATE = 0.5;
    private static final double L2 = 1e-4;

    private FusionTraining() {
    }

    /** The fitted weights (without the bias), in {@link ProductRetrieval#featureNames()} order. */
    static double[] fit(ProductRetrievers product, Qrels qrels) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        product.lists().forEach((queryId, lists) -> {
            Map<String, Integer> judged = qrels.of(queryId);
            ProductRetrieval.features(lists).forEach((chunk, x) -> {
                rows.add(x);
                labels.add(judged.getOrDefault(product.docOf(chunk), 0) > 0 ? 1 : 0);
            });
        });
        int d = ProductRetrieval.featureNames().size();
        double[] w = new double[d + 1];
        double[] grad = new double[d + 1];
        for (int it = 0; it < ITERATIONS; it++) {
            java.util.Arrays.fill(grad, 0);
            for (int n = 0; n < rows.size(); n++) {
                double[] x = rows.get(n);
                double z = w[d];
                for (int j = 0; j < d; j++) {
                    z += w[j] * x[j];
                }
                double err = 1 / (1 + Math.exp(-z)) - labels.get(n);
                for (int j = 0; j < d; j++) {
                    grad[j] += err * x[j];
                }
                grad[d] += err;
            }
            for (int j = 0; j <= d; j++) {
                w[j] -= RATE * (grad[j] / rows.size() + (j < d ? L2 * w[j] : 0));
            }
        }
        return java.util.Arrays.copyOf(w, d);
    }

    /** The weights as the {@code learned-weights} setting takes them. */
    static String setting(double[] w) {
        return java.util.Arrays.stream(w).mapToObj(v -> String.format(Locale.ROOT, "%.4f", v))
                .collect(Collectors.joining(","));
    }
}
