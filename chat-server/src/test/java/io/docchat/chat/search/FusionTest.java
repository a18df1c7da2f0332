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

    private static final List<Double> LEARNED = java.util.Arrays.stream(
            SearchProperties.FusionProperties.LEARNED_DEFAULT.split(",")).map(Double::valueOf).toList();

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
            if (method == FusionMethod.LEARNED) {
                continue; // its weights are per feature, not per retriever: see learnedFusionIsTheLinearModelOverTheFeatures
            }
            Fusion fusion = new Fusion(method, 1, Map.of("bm25", 0.0, "knn", 1.0));
            List<Fusion.Fused> fused = fusion.fuse(lists(ranked("a"), ranked("b", "a")));
            assertThat(fused).as(method.name()).extracting(Fusion.Fused::id).containsExactly("b", "a");
            assertThat(fused.get(1).retrievers()).as(method.name()).containsExactlyInAnyOrder("bm25", "knn");
        }
    }

    @Test
    void adaptiveWithEqualWeightsIsTheDefaultAndRrfIsConfigurable() {
        SearchProperties defaults = bind(Map.of());
        assertThat(defaults.fusion()).isEqualTo(new SearchProperties.FusionProperties(FusionMethod.ADAPTIVE, 60, 1.0, 1.0, LEARNED));

        SearchProperties rrf = bind(Map.of("docchat.search.fusion.method", "rrf", "docchat.search.fusion.rrf-k", "20",
                "docchat.search.fusion.knn-weight", "2"));
        assertThat(rrf.fusion()).isEqualTo(new SearchProperties.FusionProperties(FusionMethod.RRF, 20, 1.0, 2.0, LEARNED));
        assertThat(Fusion.of(rrf.fusion()).method()).isEqualTo(FusionMethod.RRF);
    }

    @Test
    void dbsfMapsMeanPlusMinusThreeSigmaToTheUnitIntervalAndClips() {
        // bm25 10, 6, 2: mean 6, sd sqrt(32/3); (s - (6 - 3 sd)) / (6 sd)
        double sd = Math.sqrt(32.0 / 3);
        ListStats st = ListStats.of(BM25);
        assertThat(st.mean()).isCloseTo(6, within(1e-12));
        assertThat(st.sd()).isCloseTo(sd, within(1e-12));
        assertThat(st.threeSigma(10)).isCloseTo((10 - 6 + 3 * sd) / (6 * sd), within(1e-12));
        assertThat(st.threeSigma(6)).isCloseTo(0.5, within(1e-12));
        assertThat(st.threeSigma(1000)).isEqualTo(1.0);
        assertThat(st.threeSigma(-1000)).isEqualTo(0.0);
        Fusion fusion = new Fusion(FusionMethod.DBSF, 60, Map.of());
        List<Fusion.Fused> fused = fusion.fuse(lists(BM25, KNN));
        double knnSd = ListStats.of(KNN).sd();
        double b = (ListStats.of(BM25).threeSigma(6) + ListStats.of(KNN).threeSigma(0.9)) / 2;
        assertThat(fused.get(0).id()).isEqualTo("b");
        assertThat(fused.get(0).score()).isCloseTo(b, within(1e-12));
        assertThat(knnSd).isPositive();
    }

    @Test
    void adaptiveWeighsEachListByHowFarItsTopHitStandsOut() {
        // knn: one hit far above a flat tail (confident); bm25: evenly falling scores (not)
        List<Scored> flat = List.of(new Scored("a", 5), new Scored("b", 4), new Scored("c", 3), new Scored("d", 2), new Scored("e", 1));
        List<Scored> peaked = List.of(new Scored("e", 0.95), new Scored("c", 0.60), new Scored("a", 0.59), new Scored("b", 0.58), new Scored("d", 0.57));
        ListStats f = ListStats.of(flat);
        ListStats p = ListStats.of(peaked);
        // flat: 5, 4, 3, 2, 1: (5 - 3) / sqrt(2), over its bound sqrt(4)
        assertThat(f.confidence()).isCloseTo(2 / Math.sqrt(2) / 2, within(1e-12));
        assertThat(p.confidence()).isGreaterThan(0.95).isLessThanOrEqualTo(1.0);
        List<Fusion.Fused> adaptive = new Fusion(FusionMethod.ADAPTIVE, 60, Map.of()).fuse(lists(flat, peaked));
        List<Fusion.Fused> convex = new Fusion(FusionMethod.CONVEX, 60, Map.of()).fuse(lists(flat, peaked));
        // convex: a = 1 + 0.0526 beats e = 0 + 1; adaptive trusts the peaked list, so e wins
        assertThat(convex.get(0).id()).isEqualTo("a");
        assertThat(adaptive.get(0).id()).isEqualTo("e");
        double wk = p.confidence() / (p.confidence() + f.confidence());
        assertThat(adaptive.get(0).score()).isCloseTo(wk * 1 + (1 - wk) * 0, within(1e-12));
        assertThat(adaptive).extracting(Fusion.Fused::score).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
    }

    @Test
    void adaptiveFallsBackToTheConfiguredWeightsWhenNoListIsConfident() {
        List<Scored> equal = List.of(new Scored("a", 1), new Scored("b", 1));
        List<Fusion.Fused> fused = new Fusion(FusionMethod.ADAPTIVE, 60, Map.of("bm25", 3.0, "knn", 1.0))
                .fuse(lists(equal, List.of(new Scored("c", 0.5), new Scored("d", 0.5))));
        assertThat(fused).extracting(Fusion.Fused::score).usingElementComparator(CLOSE).containsExactly(0.75, 0.75, 0.25, 0.25);
    }

    @Test
    void learnedFusionIsTheLinearModelOverTheFeatures() {
        // weights: bm25 rank10 only, knn minmax only
        List<Double> w = List.of(0.0, 0.0, 2.0, 0.0, 1.0, 0.0, 0.0, 0.0);
        List<Fusion.Fused> fused = new Fusion(FusionMethod.LEARNED, 60, Map.of(), w).fuse(lists(BM25, KNN));
        // a: 2 * 10/11 + 0; b: 2 * 10/12 + 1; c: 2 * 10/13; d: 0.75
        assertThat(fused).extracting(Fusion.Fused::id).containsExactly("b", "a", "c", "d");
        assertThat(fused.get(0).score()).isCloseTo(20.0 / 12 + 1, within(1e-12));
        Map<String, double[]> features = Fusion.featureVectors(lists(BM25, KNN));
        assertThat(features.get("d")).containsExactly(new double[]{0, 0, 0, 0, 0.75, ListStats.of(KNN).threeSigma(0.8), 10.0 / 12,
                ListStats.of(KNN).confidence() * 0.75}, within(1e-12));
    }

    @Test
    void aShortCertainListIsNotOutweighedByALongOneForItsLength() {
        // a rare identifier: BM25 finds one chunk, kNN returns its usual spread of 100 with a mild top
        List<Scored> knn = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            knn.add(new Scored("k" + i, 0.80 - 0.001 * i - (i == 0 ? 0 : 0.01)));
        }
        List<Scored> bm25 = List.of(new Scored("k57", 31.0));
        assertThat(ListStats.of(bm25).confidence()).isEqualTo(1.0);
        assertThat(ListStats.of(knn).confidence()).isBetween(0.0, 1.0);
        List<Fusion.Fused> fused = new Fusion(FusionMethod.ADAPTIVE, 60, Map.of()).fuse(lists(bm25, knn));
        assertThat(fused.get(0).id()).isEqualTo("k57");
        assertThat(ListStats.of(List.of(new Scored("a", 2), new Scored("b", 2))).confidence()).isZero();
    }

    @Test
    void learnedFusionRefusesWeightsOfTheWrongLength() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new Fusion(FusionMethod.LEARNED, 60, Map.of(), List.of(1.0, 2.0)))
                .withMessageContaining("needs 8 weights");
        SearchProperties bad = bind(Map.of("docchat.search.fusion.learned-weights", "1,2"));
        assertThat(bad.fusion().isLearnedComplete()).isFalse();
    }

    private static SearchProperties bind(Map<String, String> source) {
        return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("docchat.search", SearchProperties.class);
    }
}
