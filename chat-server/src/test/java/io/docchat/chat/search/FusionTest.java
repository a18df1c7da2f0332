package io.docchat.chat.search;

import io.docchat.chat.search.Fusion.Scored;
import io.docchat.chat.search.SearchProperties.FusionMethod;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FusionTest {

    // bm25 min-max: a 1, b 0.5, c 0; knn min-max: b 1, d 0.75, a 0
    private static final List<Scored> BM25 = List.of(new Scored("a", 10), new Scored("b", 6), new Scored("c", 2));
    private static final List<Scored> KNN = List.of(new Scored("b", 0.9), new Scored("d", 0.8), new Scored("a", 0.5));

    private static final java.util.Comparator<Double> CLOSE = (x, y) -> Math.abs(x - y) < 1e-12 ? 0 : Double.compare(x, y);

    private static Map<String, List<Scored>> lists(List<Scored> bm25, List<Scored> knn) {
        Map<String, List<Scored>> lists = new LinkedHashMap<>();
        lists.put("bm25", bm25);
        lists.put("knn", knn);
        return lists;
    }

    private static List<Scored> ranked(String... ids) {
        return java.util.stream.IntStream.range(0, ids.length).mapToObj(i -> new Scored(ids[i], ids.length - i)).toList();
    }

    @Test
    void convexIsTheWeightedMeanOfMinMaxNormalisedScoresAndAMissingDocumentGetsZeroFromThatList() {
        Fusion fusion = new Fusion(FusionMethod.CONVEX, 60, Map.of("bm25", 1.0, "knn", 1.0));
        List<Fusion.Fused> fused = fusion.fuse(lists(BM25, KNN));
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("b", "a", "d", "c");
        assertThat(fused).extracting(Fusion.Fused::score)
                .usingElementComparator(CLOSE).containsExactly(0.75, 0.5, 0.375, 0.0);
        assertThat(fused.get(0).retrievers()).containsExactlyInAnyOrder("bm25", "knn");
        assertThat(fused.get(2).retrievers()).containsExactly("knn");
    }

    @Test
    void convexWeightsShiftTheOrder() {
        Fusion fusion = new Fusion(FusionMethod.CONVEX, 60, Map.of("bm25", 3.0, "knn", 1.0));
        List<Fusion.Fused> fused = fusion.fuse(lists(BM25, KNN));
        // a: 3/4 * 1 = 0.75; b: 3/4 * 0.5 + 1/4 * 1 = 0.625; d: 1/4 * 0.75 = 0.1875; c: 0
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("a", "b", "d", "c");
        assertThat(fused.get(1).score()).isCloseTo(0.625, within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(0.1875, within(1e-12));
    }

    @Test
    void convexIgnoresEachRetrieversScoreScale() {
        Fusion fusion = new Fusion(FusionMethod.CONVEX, 60, Map.of());
        List<Scored> scaled = BM25.stream().map(s -> new Scored(s.id(), 100 * s.score() + 7)).toList();
        List<Fusion.Fused> fused = fusion.fuse(lists(scaled, KNN));
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("b", "a", "d", "c");
        assertThat(fused).extracting(Fusion.Fused::score)
                .usingElementComparator(CLOSE).containsExactly(0.75, 0.5, 0.375, 0.0);
    }

    @Test
    void aListWhoseScoresAreAllEqualPutsEveryHitAtTheTop() {
        Fusion fusion = new Fusion(FusionMethod.CONVEX, 60, Map.of());
        List<Fusion.Fused> fused = fusion.fuse(lists(List.of(new Scored("x", 4.2)), List.of()));
        assertThat(fused).singleElement().satisfies(f -> assertThat(f.score()).isEqualTo(0.5));
    }

    @Test
    void rrfScoresAreWeightedReciprocalRanksSummedOverRetrievers() {
        Fusion fusion = new Fusion(FusionMethod.RRF, 60, Map.of("bm25", 1.0, "knn", 2.0));
        List<Fusion.Fused> fused = fusion.fuse(lists(ranked("a", "b"), ranked("b", "c")));
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("b", "c", "a");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 62 + 2.0 / 61, within(1e-12));
        assertThat(fused.get(0).retrievers()).containsExactlyInAnyOrder("bm25", "knn");
        assertThat(fused.get(2).retrievers()).containsExactly("bm25");
    }

    @Test
    void convexKeepsTheScoreGapsThatRrfDiscards() {
        // a leads BM25 by far and is a near tie in kNN; b is a distant second in BM25 and first in kNN
        Map<String, List<Scored>> lists = lists(
                List.of(new Scored("a", 10), new Scored("b", 1), new Scored("c", 0)),
                List.of(new Scored("b", 0.9), new Scored("e", 0.89), new Scored("a", 0.88), new Scored("f", 0.1)));
        List<Fusion.Fused> convex = new Fusion(FusionMethod.CONVEX, 60, Map.of()).fuse(lists);
        // a: 0.5 * 1 + 0.5 * 0.78 / 0.8 = 0.9875; b: 0.5 * 0.1 + 0.5 * 1 = 0.55
        assertThat(convex).extracting(Fusion.Fused::id).startsWith("a", "b");
        assertThat(convex.get(0).score()).isCloseTo(0.9875, within(1e-12));
        assertThat(convex.get(1).score()).isCloseTo(0.55, within(1e-12));
        List<Fusion.Fused> rrf = new Fusion(FusionMethod.RRF, 60, Map.of()).fuse(lists);
        // b: 1/62 + 1/61 beats a: 1/61 + 1/63
        assertThat(rrf).extracting(Fusion.Fused::id).startsWith("b", "a");
        assertThat(rrf.get(1).score()).isCloseTo(1.0 / 61 + 1.0 / 63, within(1e-12));
    }

    @Test
    void tiesGoToTheBetterSingleRankThenTheId() {
        Fusion fusion = new Fusion(FusionMethod.RRF, 60, Map.of());
        List<Fusion.Fused> fused = fusion.fuse(lists(ranked("x", "y"), ranked("z", "w")));
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("x", "z", "w", "y");
    }

    @Test
    void aZeroWeightRetrieverOnlyLabelsHits() {
        for (FusionMethod method : FusionMethod.values()) {
            Fusion fusion = new Fusion(method, 1, Map.of("bm25", 0.0, "knn", 1.0));
            List<Fusion.Fused> fused = fusion.fuse(lists(ranked("a"), ranked("b", "a")));
            assertThat(fused).as(method.name()).extracting(Fusion.Fused::id).containsExactly("b", "a");
            assertThat(fused.get(1).retrievers()).as(method.name()).containsExactlyInAnyOrder("bm25", "knn");
        }
    }

    @Test
    void convexWithEqualWeightsIsTheDefaultAndRrfIsConfigurable() {
        SearchProperties defaults = bind(Map.of());
        assertThat(defaults.fusion()).isEqualTo(new SearchProperties.FusionProperties(FusionMethod.CONVEX, 60, 1.0, 1.0));

        SearchProperties rrf = bind(Map.of("docchat.search.fusion.method", "rrf", "docchat.search.fusion.rrf-k", "20",
                "docchat.search.fusion.knn-weight", "2"));
        assertThat(rrf.fusion()).isEqualTo(new SearchProperties.FusionProperties(FusionMethod.RRF, 20, 1.0, 2.0));
        assertThat(Fusion.of(rrf.fusion()).method()).isEqualTo(FusionMethod.RRF);
    }

    private static SearchProperties bind(Map<String, String> source) {
        return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("docchat.search", SearchProperties.class);
    }
}
