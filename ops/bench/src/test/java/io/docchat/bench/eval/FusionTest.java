package io.docchat.bench.eval;

import io.docchat.bench.metrics.Ranked;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FusionTest {

    @Test
    void rrfRewardsDocumentsBothListsAgreeOn() {
        List<Ranked> bm25 = List.of(new Ranked("a", 30), new Ranked("b", 20), new Ranked("c", 10));
        List<Ranked> knn = List.of(new Ranked("c", 0.9), new Ranked("b", 0.8), new Ranked("d", 0.7));
        List<Ranked> fused = Fusion.rrf(List.of(bm25, knn), new double[]{1, 1}, 60, 10);
        // b: 1/62 + 1/62 = 0.032258; c: 1/63 + 1/61 = 0.032266; a: 1/61; d: 1/63
        assertThat(fused).extracting(Ranked::docId).containsExactly("c", "b", "a", "d");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-9));
    }

    @Test
    void rrfWeightsScaleEachList() {
        List<Ranked> one = List.of(new Ranked("a", 1));
        List<Ranked> two = List.of(new Ranked("b", 1));
        assertThat(Fusion.rrf(List.of(one, two), new double[]{1, 2}, 60, 10)).extracting(Ranked::docId)
                .containsExactly("b", "a");
    }

    @Test
    void convexCombinationNormalisesEachListAndCutsToDepth() {
        List<Ranked> sparse = List.of(new Ranked("a", 40), new Ranked("b", 20), new Ranked("c", 10));
        List<Ranked> dense = List.of(new Ranked("b", 0.9), new Ranked("c", 0.85), new Ranked("a", 0.8));
        List<Ranked> fused = Fusion.convex(sparse, dense, 0.5, 2);
        // a: 0.5*1 + 0.5*0 = 0.5; b: 0.5*(10/30) + 0.5*1 = 0.6667; c: 0 + 0.5*0.5 = 0.25
        assertThat(fused).extracting(Ranked::docId).containsExactly("b", "a");
        assertThat(fused.get(0).score()).isCloseTo(0.5 / 3 + 0.5, within(1e-9));
    }

    @Test
    void zScoreCombinationStandardisesEachListAndGivesAMissingDocumentTheListsLowest() {
        // sparse: mean 20, sd sqrt(200 / 3): z a = 1.2247, d = 0, b = -1.2247 (c absent: -1.2247)
        List<Ranked> sparse = List.of(new Ranked("a", 30), new Ranked("d", 20), new Ranked("b", 10));
        // dense: mean 0.5, sd 0.1: z c = 1, b = -1 (a and d absent: -1)
        List<Ranked> dense = List.of(new Ranked("c", 0.6), new Ranked("b", 0.4));
        List<Ranked> fused = Fusion.convexZ(sparse, dense, 0.5, 10);
        double z = 10 / Math.sqrt(200.0 / 3);
        assertThat(fused).extracting(Ranked::docId).containsExactly("a", "c", "d", "b");
        assertThat(fused.get(0).score()).isCloseTo(0.5 * z - 0.5, within(1e-9));
        assertThat(fused.get(1).score()).isCloseTo(-0.5 * z + 0.5, within(1e-9));
        assertThat(fused.get(2).score()).isCloseTo(-0.5, within(1e-9));
    }
}
