package io.docchat.indexer.gate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceVerdictTest {

    private static SourceVerdict.Tally tally(int canaries, int gone, int liveHits, int candidateHits) {
        SourceVerdict.Tally t = new SourceVerdict.Tally();
        t.canaries = canaries;
        t.gone = gone;
        t.considered = canaries - gone;
        t.liveHits = liveHits;
        t.candidateHits = candidateHits;
        return t;
    }

    @Test
    void aCandidateThatFindsAsManyAsLivePassesAndOneFewerFails() {
        assertThat(SourceVerdict.of("docs", tally(20, 0, 19, 19), true, true, null, 0, 0.2).reason()).isNull();
        assertThat(SourceVerdict.of("docs", tally(20, 0, 19, 20), true, true, null, 0, 0.2).reason()).isNull();
        SourceVerdict worse = SourceVerdict.of("docs", tally(20, 0, 19, 18), true, true, null, 0, 0.2);
        assertThat(worse.figures().passed()).isFalse();
        assertThat(worse.reason()).isEqualTo("docs: candidate found 18 of 20 (0.900), live 19 of 20 (0.950)");
    }

    @Test
    void maxDropToleratesThatManyPointsOfHitRate() {
        assertThat(SourceVerdict.of("docs", tally(20, 0, 20, 19), true, true, null, 0.05, 0.2).reason()).isNull();
        assertThat(SourceVerdict.of("docs", tally(20, 0, 20, 18), true, true, null, 0.05, 0.2).reason()).isNotNull();
    }

    @Test
    void goneTargetsLeaveTheRatesButTooManyFailTheSource() {
        // 2 of 20 gone (0.1 <= 0.2): rates over the 18 that remain, both 18 of 18
        SourceVerdict some = SourceVerdict.of("docs", tally(20, 2, 18, 18), true, true, null, 0, 0.2);
        assertThat(some.reason()).isNull();
        assertThat(some.figures().candidateRate()).isEqualTo(1.0);
        // a source emptied or renamed: its documents are gone, whatever the rates say
        SourceVerdict emptied = SourceVerdict.of("docs", tally(20, 15, 5, 5), true, true, null, 0, 0.2);
        assertThat(emptied.reason()).isEqualTo("docs: the candidate lacks the target documents of 15 of 20 canaries");
    }

    @Test
    void aModelChangeIsJudgedByTheRecordedRateAndFailsWithoutOne() {
        SourceVerdict kept = SourceVerdict.of("docs", tally(20, 0, 0, 19), true, false, 0.95, 0, 0.2);
        assertThat(kept.reason()).isNull();
        assertThat(kept.figures().liveHits()).isNull();
        assertThat(kept.figures().liveRate()).isEqualTo(0.95);
        assertThat(SourceVerdict.of("docs", tally(20, 0, 0, 18), true, false, 0.95, 0, 0.2).reason())
                .isEqualTo("docs: candidate found 18 of 20 (0.900), live 0.950 (recorded)");
        assertThat(SourceVerdict.of("docs", tally(20, 0, 0, 20), true, false, null, 0, 0.2).reason())
                .contains("no baseline");
    }

    @Test
    void theFirstBuildHasNothingToLoseTo() {
        assertThat(SourceVerdict.of("docs", tally(20, 0, 0, 3), false, false, null, 0, 0.2).reason()).isNull();
    }
}
