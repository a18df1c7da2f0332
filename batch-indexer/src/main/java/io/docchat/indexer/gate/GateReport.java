package io.docchat.indexer.gate;

import java.util.List;
import java.util.Map;

/**
 * What the gate found, as the admin API ({@code gate} of a run) and the logs show it.
 *
 * @param outcome   {@code passed}, {@code failed}, {@code forced} (failed, published anyway) or {@code first}
 *                  (no live index: published, figures recorded as the next gate's baseline)
 * @param live      the index that was live (null for the first build)
 * @param candidate the new version
 * @param baseline  {@code measured} (the live index searched now, same embedder) or {@code recorded} (the live
 *                  index was built with another embedding model, so its figures from its own publication are the
 *                  baseline); {@code none} for the first build
 * @param k         hits are counted in the fused top k
 * @param fusion    the fusion the searches used
 * @param sources   per source: canaries, hits on live and candidate, documents gone, verdict
 * @param failing   the canaries the candidate misses (at most 20 per source), with their ranks
 * @param reason    why the gate failed, in one line; null when it passed
 * @param seconds   time the gate took
 * @param msPerCanary that time per canary (all searches and the query embedding)
 */
public record GateReport(String outcome, String live, String candidate, String baseline, int k, String fusion,
                         Map<String, SourceFigures> sources, List<FailingCanary> failing, String reason,
                         double seconds, double msPerCanary) {

    public boolean passed() {
        return reason == null;
    }

    public GateReport withOutcome(String newOutcome) {
        return new GateReport(newOutcome, live, candidate, baseline, k, fusion, sources, failing, reason, seconds, msPerCanary);
    }

    /**
     * One source's figures. Rates are hits over the canaries whose target is in the candidate ({@code considered}).
     *
     * @param liveHits null when the baseline is recorded (the live index cannot be searched with this embedder)
     * @param liveRate the live hit rate (measured now, or recorded at the live index's publication)
     */
    public record SourceFigures(int canaries, int considered, int gone, Integer liveHits, Double liveRate,
                                int candidateHits, double candidateRate, boolean passed) {
    }

    /** A canary the candidate misses: ranks are 1-based document ranks in the top k, 0 for not found. */
    public record FailingCanary(String source, String query, String target, int liveRank, int candidateRank, boolean gone) {
    }
}
