package io.docchat.chat.search;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FusionTest {

    @Test
    void scoresAreWeightedReciprocalRanksSummedOverRetrievers() {
        Fusion fusion = new Fusion(60, Map.of("bm25", 1.0, "knn", 2.0));
        List<Fusion.Fused> fused = fusion.fuse(Map.of("bm25", List.of("a", "b"), "knn", List.of("b", "c")));
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("b", "c", "a");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 62 + 2.0 / 61, within(1e-12));
        assertThat(fused.get(0).retrievers()).containsExactlyInAnyOrder("bm25", "knn");
        assertThat(fused.get(2).retrievers()).containsExactly("bm25");
    }

    @Test
    void tiesGoToTheBetterSingleRankThenTheId() {
        Fusion fusion = new Fusion(60, Map.of());
        List<Fusion.Fused> fused = fusion.fuse(Map.of("bm25", List.of("x", "y"), "knn", List.of("z", "w")));
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("x", "z", "w", "y");
    }

    @Test
    void aZeroWeightRetrieverOnlyLabelsHits() {
        Fusion fusion = new Fusion(1, Map.of("bm25", 0.0, "knn", 1.0));
        List<Fusion.Fused> fused = fusion.fuse(Map.of("bm25", List.of("a"), "knn", List.of("b", "a")));
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("b", "a");
    }
}
