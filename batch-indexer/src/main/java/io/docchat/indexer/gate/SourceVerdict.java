package io.docchat.indexer.gate;

import java.util.Locale;

/**
 * One source's verdict from its tallies: pure arithmetic, kept apart from the searches so its rules are tested on
 * their own ({@code SourceVerdictTest}).
 *
 * @param figures what the report shows for the source
 * @param reason  why the source fails, in one clause; null when it passes
 */
record SourceVerdict(GateReport.SourceFigures figures, String reason) {

    /** Counts of one source's canaries while the gate runs. */
    static final class Tally {
        int canaries;
        int considered;
        int gone;
        int liveHits;
        int candidateHits;
    }

    /**
     * @param hasLive      whether there is a live index (false for the first build: always passes)
     * @param measured     whether the live index was searched now; otherwise {@code recordedRate} is the baseline
     * @param recordedRate the live index's recorded hit rate for this source, or null when it has none
     */
    static SourceVerdict of(String source, Tally t, boolean hasLive, boolean measured, Double recordedRate,
                            double maxDrop, double maxGone) {
        double candidateRate = t.considered == 0 ? 0 : (double) t.candidateHits / t.considered;
        Double liveRate = measured ? (Double) (t.considered == 0 ? 0.0 : (double) t.liveHits / t.considered) : recordedRate;
        boolean tooManyGone = t.gone > maxGone * t.canaries;
        boolean noBaseline = hasLive && liveRate == null;
        boolean lower = hasLive && liveRate != null && candidateRate < liveRate - maxDrop - 1e-9;
        String reason = null;
        if (tooManyGone) {
            reason = source + ": the candidate lacks the target documents of " + t.gone + " of " + t.canaries + " canaries";
        } else if (noBaseline) {
            reason = source + ": no baseline (the live index was built with another embedding model and records no gate figures)";
        } else if (lower) {
            String live = measured
                    ? String.format(Locale.ROOT, "%d of %d (%.3f)", t.liveHits, t.considered, liveRate)
                    : String.format(Locale.ROOT, "%.3f (recorded)", liveRate);
            reason = String.format(Locale.ROOT, "%s: candidate found %d of %d (%.3f), live %s",
                    source, t.candidateHits, t.considered, candidateRate, live);
        }
        return new SourceVerdict(new GateReport.SourceFigures(t.canaries, t.considered, t.gone, measured ? t.liveHits : null,
                liveRate, t.candidateHits, candidateRate, reason == null), reason);
    }
}
