package io.docchat.bench.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * nDCG@10, Recall@10, Recall@100 and MRR@10 as trec_eval (9.x, the code under pytrec_eval and BEIR)
 * computes them, so our figures sit next to published ones:
 * <ul>
 *   <li>The run is re-sorted by score descending, ties broken by doc id descending (trec_eval's
 *       {@code comp_sim_docno}); the order the system returned is not trusted, since tied scores would
 *       otherwise make results depend on the engine's internal order.</li>
 *   <li>Unjudged documents are non-relevant. nDCG uses the grade as gain (graded qrels) and {@code log2(rank+1)}
 *       as discount; the ideal ranking is built from all of the query's positive judgements
 *       ({@code ndcg_cut.10}). Grades of zero or below give no gain.</li>
 *   <li>Recall and reciprocal rank count a document relevant when its grade is at least 1 (trec_eval's
 *       default {@code -l 1}). A query with no relevant document scores 0 on every measure and still counts in
 *       the mean, as trec_eval does for a topic whose judgements are all non-relevant.</li>
 *   <li>MRR@10 is the reciprocal rank of the first relevant document within the first ten, else 0.</li>
 * </ul>
 */
public final class TrecMetrics {

    /** trec_eval's order: score descending, then doc id descending. */
    static final Comparator<Ranked> TREC_ORDER = Comparator.comparingDouble(Ranked::score).reversed()
            .thenComparing(Ranked::docId, Comparator.reverseOrder());

    private TrecMetrics() {
    }

    public static QueryScores score(String queryId, List<Ranked> run, Map<String, Integer> judged) {
        List<Ranked> ranked = trecOrder(run);
        int relevant = (int) judged.values().stream().filter(g -> g >= 1).count();
        if (relevant == 0) {
            return new QueryScores(queryId, 0, 0, 0, 0, 0, ranked.size());
        }
        double dcg = 0;
        int found10 = 0;
        int found100 = 0;
        double rr = 0;
        for (int i = 0; i < ranked.size() && i < 100; i++) {
            int grade = judged.getOrDefault(ranked.get(i).docId(), 0);
            if (i < 10 && grade > 0) {
                dcg += grade / log2(i + 2);
            }
            if (grade >= 1) {
                found100++;
                if (i < 10) {
                    found10++;
                    if (rr == 0) {
                        rr = 1.0 / (i + 1);
                    }
                }
            }
        }
        double ideal = idealDcg(judged, 10);
        return new QueryScores(queryId, ideal == 0 ? 0 : dcg / ideal, (double) found10 / relevant,
                (double) found100 / relevant, rr, relevant, ranked.size());
    }

    /** The run in trec_eval's order; a document listed twice is an error, as in trec_eval. */
    public static List<Ranked> trecOrder(List<Ranked> run) {
        Set<String> seen = new HashSet<>();
        for (Ranked r : run) {
            if (!seen.add(r.docId())) {
                throw new IllegalArgumentException("document " + r.docId() + " is listed twice in one query's run");
            }
        }
        List<Ranked> sorted = new ArrayList<>(run);
        sorted.sort(TREC_ORDER);
        return sorted;
    }

    static double idealDcg(Map<String, Integer> judged, int cutoff) {
        List<Integer> gains = judged.values().stream().filter(g -> g > 0)
                .sorted(Comparator.reverseOrder()).limit(cutoff).toList();
        double ideal = 0;
        for (int i = 0; i < gains.size(); i++) {
            ideal += gains.get(i) / log2(i + 2);
        }
        return ideal;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
