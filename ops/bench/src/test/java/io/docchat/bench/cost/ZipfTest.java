package io.docchat.bench.cost;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The replay's popularity model: the probabilities, the draw, and the expected repeat share the reports print. */
class ZipfTest {

    @Test
    void probabilitiesFollowTheExponentAndSumToOne() {
        Zipf z = new Zipf(300, 1.0);
        assertThat(IntStream.rangeClosed(1, 300).mapToDouble(z::p).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(z.p(1) / z.p(2)).isCloseTo(2.0, within(1e-9));
        assertThat(z.p(1) / z.p(10)).isCloseTo(10.0, within(1e-9));
        Zipf flat = new Zipf(300, 0.8);
        assertThat(flat.p(1) / flat.p(2)).isCloseTo(Math.pow(2, 0.8), within(1e-9));
    }

    @Test
    void drawsAreDeterministicPerSeedAndFollowThePopularity() {
        Zipf z = new Zipf(50, 1.0);
        assertThat(z.sample(1000, 7)).isEqualTo(z.sample(1000, 7)).isNotEqualTo(z.sample(1000, 8));
        List<Integer> draws = z.sample(200_000, 3);
        Map<Integer, Long> counts = draws.stream().collect(Collectors.groupingBy(i -> i, Collectors.counting()));
        List<Long> byCount = counts.values().stream().sorted((a, b) -> Long.compare(b, a)).toList();
        // the most frequent item is drawn about p(1) of the time, the second about half as often
        assertThat(byCount.get(0) / 200_000.0).isCloseTo(z.p(1), within(0.01));
        assertThat((double) byCount.get(1) / byCount.get(0)).isCloseTo(0.5, within(0.03));
        assertThat(draws).allMatch(i -> i >= 0 && i < 50);
    }

    @Test
    void expectedRepeatShareMatchesWhatTheDrawsRepeat() {
        Zipf z = new Zipf(300, 1.0);
        double observed = 0;
        int runs = 40;
        for (int seed = 0; seed < runs; seed++) {
            List<Integer> draws = z.sample(2000, seed);
            observed += 1 - (double) new HashSet<>(draws).size() / draws.size();
        }
        assertThat(observed / runs).isCloseTo(z.expectedRepeatShare(2000), within(0.005));
        assertThat(z.expectedRepeatShare(1)).isCloseTo(0.0, within(1e-12));
        assertThat(new Zipf(300, 0.8).expectedRepeatShare(2000)).isLessThan(z.expectedRepeatShare(2000));
    }
}
