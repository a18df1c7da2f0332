package io.docchat.bench.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Hand-computed cases; each expected value is derived in the comment next to it. */
class TrecMetricsTest {

    private static final double EPS = 1e-4;

    private static List<Ranked> run(String... ids) {
        List<Ranked> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            out.add(new Ranked(ids[i], 100 - i));
        }
        return out;
    }

    @Test
    void binaryJudgementsWithAMissedRelevantDocument() {
        // relevant: d1, d3, d9 (never retrieved). Ranks: d1@1, d3@3.
        QueryScores s = TrecMetrics.score("q", run("d1", "d2", "d3"), Map.of("d1", 1, "d3", 1, "d9", 1));
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.130930
        assertThat(s.ndcg10()).isCloseTo(1.5 / 2.130930, within(EPS));
        assertThat(s.recall10()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(s.recall100()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(s.mrr10()).isEqualTo(1.0);
        assertThat(s.relevant()).isEqualTo(3);
    }

    @Test
    void gradedJudgementsUseTheGradeAsGain() {
        // grades a=2, b=1; run b, a. DCG = 1/1 + 2/log2(3) = 2.261860; IDCG = 2/1 + 1/log2(3) = 2.630930
        QueryScores s = TrecMetrics.score("q", run("b", "a"), Map.of("a", 2, "b", 1));
        assertThat(s.ndcg10()).isCloseTo(2.261860 / 2.630930, within(EPS));
        assertThat(s.recall10()).isEqualTo(1.0);
        assertThat(s.mrr10()).isEqualTo(1.0);
    }

    @Test
    void zeroGradesAreJudgedNonRelevant() {
        // x is judged 0: no gain, not counted in recall's denominator; the first relevant doc is at rank 2
        QueryScores s = TrecMetrics.score("q", run("x", "y"), Map.of("x", 0, "y", 1));
        assertThat(s.ndcg10()).isCloseTo((1 / (Math.log(3) / Math.log(2))) / 1.0, within(EPS));
        assertThat(s.recall10()).isEqualTo(1.0);
        assertThat(s.mrr10()).isEqualTo(0.5);
    }

    @Test
    void tiedScoresAreOrderedByDocIdDescendingLikeTrecEval() {
        // both score 1.0; trec_eval ranks "b" before "a" whatever order the system returned them in
        List<Ranked> tied = List.of(new Ranked("a", 1.0), new Ranked("b", 1.0));
        assertThat(TrecMetrics.trecOrder(tied)).extracting(Ranked::docId).containsExactly("b", "a");
        QueryScores s = TrecMetrics.score("q", tied, Map.of("a", 1));
        assertThat(s.mrr10()).isEqualTo(0.5);
        // DCG = 1/log2(3); IDCG = 1
        assertThat(s.ndcg10()).isCloseTo(0.630930, within(EPS));
    }

    @Test
    void runOrderIsTakenFromScoresNotFromListOrder() {
        List<Ranked> shuffled = List.of(new Ranked("low", 0.1), new Ranked("high", 0.9));
        QueryScores s = TrecMetrics.score("q", shuffled, Map.of("high", 1));
        assertThat(s.mrr10()).isEqualTo(1.0);
    }

    @Test
    void cutoffsCountOnlyTheFirstTenOrHundred() {
        String[] ids = new String[150];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = String.format("d%03d", i);
        }
        // relevant at rank 11 (d010) and rank 120 (d119)
        QueryScores s = TrecMetrics.score("q", run(ids), Map.of("d010", 1, "d119", 1));
        assertThat(s.ndcg10()).isZero();
        assertThat(s.recall10()).isZero();
        assertThat(s.mrr10()).isZero();
        assertThat(s.recall100()).isEqualTo(0.5);
        assertThat(s.retrieved()).isEqualTo(150);
    }

    @Test
    void idealRankingIsCutAtTenToo() {
        // 12 relevant docs, the run returns all twelve first: nDCG@10 is exactly 1, Recall@10 is 10/12
        String[] ids = new String[12];
        Map<String, Integer> judged = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "r" + (char) ('a' + i);
            judged.put(ids[i], 1);
        }
        QueryScores s = TrecMetrics.score("q", run(ids), judged);
        assertThat(s.ndcg10()).isCloseTo(1.0, within(EPS));
        assertThat(s.recall10()).isCloseTo(10.0 / 12, within(EPS));
    }

    @Test
    void queryWithoutRelevantDocumentsScoresZeroAndCountsInTheMean() {
        QueryScores none = TrecMetrics.score("q1", run("a", "b"), Map.of("a", 0));
        QueryScores perfect = TrecMetrics.score("q2", run("a"), Map.of("a", 1));
        assertThat(none.ndcg10()).isZero();
        assertThat(none.recall100()).isZero();
        assertThat(none.mrr10()).isZero();
        Summary mean = Summary.of(List.of(none, perfect));
        assertThat(mean.queries()).isEqualTo(2);
        assertThat(mean.ndcg10()).isEqualTo(0.5);
        assertThat(mean.mrr10()).isEqualTo(0.5);
    }

    @Test
    void emptyRunScoresZero() {
        QueryScores s = TrecMetrics.score("q", List.of(), Map.of("a", 1));
        assertThat(s.ndcg10()).isZero();
        assertThat(s.recall100()).isZero();
        assertThat(s.relevant()).isEqualTo(1);
    }

    @Test
    void aDocumentListedTwiceIsRejected() {
        assertThatThrownBy(() -> TrecMetrics.score("q", List.of(new Ranked("a", 2), new Ranked("a", 1)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
    }
}
