package io.docchat.chat.search;

import io.docchat.elastic.ChunkDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeysAndLinksTest {

    private static SearchQuery q(String text, List<String> tags) {
        return new SearchQuery(text, new SearchQuery.Filters(List.of(), List.of(), List.of(), tags, null), 10, 0);
    }

    @Test
    void resultKeyIgnoresCaseSpacingAndFilterOrderButNotGeneration() {
        assertThat(CacheKeys.result("v1", "r", q("Alias  Swap ", List.of("b", "a"))))
                .isEqualTo(CacheKeys.result("v1", "r", q("alias swap", List.of("a", "b"))));
        assertThat(CacheKeys.result("v2", "r", q("alias swap", List.of()))).isNotEqualTo(CacheKeys.result("v1", "r", q("alias swap", List.of())));
        assertThat(CacheKeys.result("v1", "r", q("alias swap", List.of("a")))).isNotEqualTo(CacheKeys.result("v1", "r", q("alias swap", List.of())));
    }

    @Test
    void resultKeyChangesWithTheRankingSettings() {
        var defaults = new SearchProperties(new SearchProperties.FusionProperties(SearchProperties.FusionMethod.CONVEX, 60, 1.0, 1.0),
                100, 150, 1f, 1f, 1f, java.time.Duration.ofSeconds(2), 200, 16384);
        var rrf = new SearchProperties(new SearchProperties.FusionProperties(SearchProperties.FusionMethod.RRF, 60, 1.0, 1.0),
                100, 150, 1f, 1f, 1f, java.time.Duration.ofSeconds(2), 200, 16384);
        var heavierKnn = new SearchProperties(new SearchProperties.FusionProperties(SearchProperties.FusionMethod.CONVEX, 60, 1.0, 2.0),
                100, 150, 1f, 1f, 1f, java.time.Duration.ofSeconds(2), 200, 16384);
        assertThat(CacheKeys.ranking(defaults)).isEqualTo(CacheKeys.ranking(new SearchProperties(defaults.fusion(),
                100, 150, 1f, 1f, 1f, java.time.Duration.ofSeconds(2), 200, 16384)));
        assertThat(CacheKeys.ranking(rrf)).isNotEqualTo(CacheKeys.ranking(defaults));
        assertThat(CacheKeys.ranking(heavierKnn)).isNotEqualTo(CacheKeys.ranking(defaults));
        SearchQuery query = q("alias swap", List.of());
        assertThat(CacheKeys.result("v1", CacheKeys.ranking(rrf), query))
                .isNotEqualTo(CacheKeys.result("v1", CacheKeys.ranking(defaults), query));
    }

    @Test
    void embeddingKeyDependsOnTheModel() {
        assertThat(CacheKeys.embedding("m1", "Q")).isEqualTo(CacheKeys.embedding("m1", " q"))
                .isNotEqualTo(CacheKeys.embedding("m2", "q"));
    }

    @Test
    void deepLinkPrefersUrlAndAnchorThenPageThenLine() {
        assertThat(DeepLinks.of(doc("https://x/doc", "setup", null, 7))).isEqualTo("https://x/doc#setup");
        assertThat(DeepLinks.of(doc(null, null, 3, 7))).isEqualTo("docs/a.pdf#page=3");
        assertThat(DeepLinks.of(doc(null, null, null, 7))).isEqualTo("docs/a.pdf#L7");
        assertThat(DeepLinks.of(doc(null, null, null, null))).isEqualTo("docs/a.pdf");
    }

    private static ChunkDocument doc(String url, String anchor, Integer page, Integer line) {
        return new ChunkDocument("docs/a.pdf", 0, "s", "docs/a.pdf", url, anchor, page, line, "t", "h", "text", null,
                null, null, List.of(), null, null, null, null);
    }
}
