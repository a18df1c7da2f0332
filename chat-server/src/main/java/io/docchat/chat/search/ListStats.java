package io.docchat.chat.search;

import java.util.List;

/**
 * The score distribution of one retriever's list, which every score-based fusion method normalises with: BM25
 * scores are unbounded and depend on the query's terms, cosine similarities crowd into a narrow band, so neither
 * can be added to the other as it is.
 *
 * @param min        the lowest score in the list
 * @param max        the highest
 * @param mean       the mean score
 * @param sd         the population standard deviation (0 for fewer than two hits or equal scores)
 * @param confidence how far the top hit stands above the rest: {@code (max - mean) / sd}, divided by its largest
 *                   possible value for the list's length, {@code sqrt(n - 1)} (one hit above n - 1 equal ones), so
 *                   it lies in [0, 1]; 1 for a single hit, 0 for equal scores. A query-performance predictor that
 *                   needs no labels: a list whose best hit stands out has committed to an answer, one whose scores
 *                   fall off evenly has not (the idea behind score-distribution predictors such as Shtok et al.'s
 *                   NQC, TOIS 2012, made free of each retriever's scale and offset so BM25 and cosine compare). The
 *                   length bound matters: BM25 finds few chunks for a rare identifier, kNN always returns k, and
 *                   without it the short, certain list would count for less
 */
record ListStats(double min, double max, double mean, double sd, double confidence) {

    static final ListStats EMPTY = new ListStats(0, 0, 0, 0, 0);

    static ListStats of(List<Fusion.Scored> hits) {
        if (hits.isEmpty()) {
            return EMPTY;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (Fusion.Scored s : hits) {
            min = Math.min(min, s.score());
            max = Math.max(max, s.score());
            sum += s.score();
        }
        double mean = sum / hits.size();
        double squares = 0;
        for (Fusion.Scored s : hits) {
            squares += (s.score() - mean) * (s.score() - mean);
        }
        double sd = Math.sqrt(squares / hits.size());
        int n = hits.size();
        double confidence = n == 1 ? 1 : sd > 0 ? (max - mean) / (sd * Math.sqrt(n - 1)) : 0;
        return new ListStats(min, max, mean, sd, confidence);
    }

    /** Min-max over the list; a list whose scores are all equal (one hit, say) puts every hit at the top. */
    double minMax(double score) {
        return max > min ? (score - min) / (max - min) : 1.0;
    }

    /**
     * Distribution-based score fusion's normalisation (DBSF, as Qdrant ships it): mean ± 3 standard deviations
     * map to 0 and 1, clipped, so one outlying top score does not squash the rest of the list as min-max does.
     */
    double threeSigma(double score) {
        if (sd <= 0) {
            return 1.0;
        }
        double low = mean - 3 * sd;
        return Math.max(0, Math.min(1, (score - low) / (6 * sd)));
    }
}
