package io.docchat.bench.eval;

import io.docchat.bench.metrics.QueryScores;
import io.docchat.bench.metrics.Summary;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrossValidationTest {

    private static List<QueryScores> ndcg(double... values) {
        return IntStream.range(0, values.length)
                .mapToObj(i -> new QueryScores("q" + i, values[i], 0, 0, 0, 1, 10)).toList();
    }

    @Test
    void aChoiceIsScoredOnlyOnTheHalfItWasNotMadeOn() {
        Map<String, List<QueryScores>> scores = new LinkedHashMap<>();
        scores.put("product-hybrid", ndcg(1, 1, 1, 1));
        scores.put("product-hybrid@cc-a", ndcg(1, 0, 1, 0));   // best on the even queries only
        scores.put("product-hybrid@cc-b", ndcg(0, 1, 0, 1));   // best on the odd queries only

        CrossValidation.Result r = CrossValidation.run(scores, "product-hybrid@cc");

        // even queries are scored with the mode chosen on the odd ones, and the reverse: both choices fail
        assertThat(r.chosen()).containsExactly("product-hybrid@cc-b", "product-hybrid@cc-a");
        assertThat(r.heldOut()).extracting(QueryScores::queryId).containsExactlyInAnyOrder("q0", "q1", "q2", "q3");
        assertThat(Summary.of(r.heldOut()).ndcg10()).isZero();
    }

    @Test
    void aModeBestOnBothHalvesKeepsItsScore() {
        Map<String, List<QueryScores>> scores = new LinkedHashMap<>();
        scores.put("m@cc-a", ndcg(0.5, 0.5, 0.5, 0.5));
        scores.put("m@cc-b", ndcg(0.9, 0.7, 0.8, 0.6));

        CrossValidation.Result r = CrossValidation.run(scores, "m@cc");

        assertThat(r.chosen()).containsExactly("m@cc-b", "m@cc-b");
        assertThat(Summary.of(r.heldOut()).ndcg10()).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> CrossValidation.run(scores, "none")).isInstanceOf(IllegalArgumentException.class);
    }
}
