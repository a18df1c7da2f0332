package io.docchat.bench.eval;

import io.docchat.bench.metrics.QueryScores;
import io.docchat.bench.metrics.Summary;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Two-fold cross-validation of a choice among modes (a fusion weight, say), so that a setting chosen on a test
 * collection is reported on queries it was not chosen on: the queries are split by position (odd, even), the
 * mode with the best mean nDCG@10 on one half is scored on the other, and the two held-out halves together give
 * the figure.
 */
final class CrossValidation {

    /** The held-out scores of all queries and the mode chosen on the other half of each fold. */
    record Result(List<QueryScores> heldOut, List<String> chosen) {
    }

    private CrossValidation() {
    }

    static Result run(Map<String, List<QueryScores>> scores, String modePrefix) {
        List<String> candidates = scores.keySet().stream().filter(m -> m.startsWith(modePrefix)).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no mode starts with " + modePrefix);
        }
        int n = scores.get(candidates.getFirst()).size();
        List<QueryScores> heldOut = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        for (int fold = 0; fold < 2; fold++) {
            int test = fold;
            String best = candidates.stream()
                    .max(Comparator.comparingDouble((String m) -> mean(scores.get(m), 1 - test, QueryScores::ndcg10))
                            .thenComparing(Comparator.reverseOrder()))
                    .orElseThrow();
            chosen.add(best);
            List<QueryScores> perQuery = scores.get(best);
            for (int i = test; i < n; i += 2) {
                heldOut.add(perQuery.get(i));
            }
        }
        return new Result(heldOut, chosen);
    }

    static void print(PrintStream out, Map<String, List<QueryScores>> scores, String modePrefix) {
        Result r = run(scores, modePrefix);
        Summary s = Summary.of(r.heldOut());
        out.printf(Locale.ROOT, "2-fold cross-validation over %s*: chosen on even queries %s, on odd queries %s;%n"
                        + "held-out nDCG@10 %.4f, Recall@10 %.4f, Recall@100 %.4f, MRR@10 %.4f (%d queries)%n%n",
                modePrefix, r.chosen().get(1), r.chosen().get(0), s.ndcg10(), s.recall10(), s.recall100(), s.mrr10(),
                s.queries());
    }

    private static double mean(List<QueryScores> perQuery, int fold, ToDoubleFunction<QueryScores> metric) {
        double sum = 0;
        int count = 0;
        for (int i = fold; i < perQuery.size(); i += 2) {
            sum += metric.applyAsDouble(perQuery.get(i));
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }
}
