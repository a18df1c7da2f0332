package io.docchat.chat.search;

import io.docchat.elastic.ChunkDocument;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeysAndLinksTest {

    private static SearchQuery q(String text, List<String> tags) {
        return new SearchQuery(text, new SearchQuery.Filters(List.of(), List.of(), List.of(), tags, null), 10, 0);
    }

    @Test
    void resultKeyIgnoresCaseSpacingAndFilterOrderButNotGeneration() {
        assertThat(CacheKeys.result("v1", "r", "public", q("Alias  Swap ", List.of("b", "a"))))
                .isEqualTo(CacheKeys.result("v1", "r", "public", q("alias swap", List.of("a", "b"))));
        assertThat(CacheKeys.result("v2", "r", "public", q("alias swap", List.of()))).isNotEqualTo(CacheKeys.result("v1", "r", "public", q("alias swap", List.of())));
        assertThat(CacheKeys.result("v1", "r", "public", q("alias swap", List.of("a")))).isNotEqualTo(CacheKeys.result("v1", "r", "public", q("alias swap", List.of())));
    }

    @Test
    void resultKeysDifferPerPermissionSet() {
        SearchQuery query = q("alias swap", List.of());
        String publicKey = CacheKeys.result("v1", "r", io.docchat.chat.access.Viewer.PUBLIC.partition(), query);
        String eng = io.docchat.chat.access.Viewer.ofGroups(List.of("eng")).partition();
        String engAndSales = io.docchat.chat.access.Viewer.ofGroups(List.of("sales", "eng")).partition();
        assertThat(CacheKeys.result("v1", "r", eng, query)).isNotEqualTo(publicKey)
                .isNotEqualTo(CacheKeys.result("v1", "r", engAndSales, query));
        assertThat(io.docchat.chat.access.Viewer.ofGroups(List.of("eng", "sales")).partition()).isEqualTo(engAndSales)
                .doesNotContain("eng");
    }

    @Test
    void resultKeyChangesWithTheRankingSettingsOnly() {
        var defaults = settings(SearchProperties.FusionMethod.CONVEX, 1.0, 200, Duration.ofSeconds(2), 16384, DataSize.ofMegabytes(64));
        var rrf = settings(SearchProperties.FusionMethod.RRF, 1.0, 200, Duration.ofSeconds(2), 16384, DataSize.ofMegabytes(64));
        var heavierKnn = settings(SearchProperties.FusionMethod.CONVEX, 2.0, 200, Duration.ofSeconds(2), 16384, DataSize.ofMegabytes(64));
        var longerSnippets = settings(SearchProperties.FusionMethod.CONVEX, 1.0, 300, Duration.ofSeconds(2), 16384, DataSize.ofMegabytes(64));
        // operational settings (generation TTL, body limit, chunk cache) leave results alone: replicas that differ
        // in them still share the Redis results
        var otherOperations = settings(SearchProperties.FusionMethod.CONVEX, 1.0, 200, Duration.ofSeconds(9), 8192, DataSize.ofBytes(0));
        assertThat(CacheKeys.ranking(otherOperations)).isEqualTo(CacheKeys.ranking(defaults));
        assertThat(CacheKeys.ranking(rrf)).isNotEqualTo(CacheKeys.ranking(defaults));
        assertThat(CacheKeys.ranking(heavierKnn)).isNotEqualTo(CacheKeys.ranking(defaults));
        assertThat(CacheKeys.ranking(longerSnippets)).isNotEqualTo(CacheKeys.ranking(defaults));
        SearchQuery query = q("alias swap", List.of());
        assertThat(CacheKeys.result("v1", CacheKeys.ranking(rrf), "public", query))
                .isNotEqualTo(CacheKeys.result("v1", CacheKeys.ranking(defaults), "public", query));
    }

    /**
     * Every setting, one at a time: the ranking key changes unless the setting is one of the operational ones.
     * A setting added later fails here until it is either hashed into the key or named operational.
     */
    @Test
    void everySettingButTheOperationalOnesIsInTheRankingKey() throws Exception {
        Set<String> operational = Set.of("generationTtl", "maxBodyBytes", "chunkCacheSize");
        var defaults = settings(SearchProperties.FusionMethod.CONVEX, 1.0, 200, Duration.ofSeconds(2), 16384, DataSize.ofMegabytes(64));
        String key = CacheKeys.ranking(defaults);
        List<String> seen = new ArrayList<>();
        for (RecordComponent c : SearchProperties.class.getRecordComponents()) {
            List<Object> others = c.getType() == SearchProperties.FusionProperties.class
                    ? eachChanged(defaults.fusion()) : List.of(changed(c.getAccessor().invoke(defaults)));
            for (Object other : others) {
                String changedKey = CacheKeys.ranking(with(defaults, c.getName(), other));
                seen.add(c.getName());
                if (operational.contains(c.getName())) {
                    assertThat(changedKey).as(c.getName() + " does not change a result").isEqualTo(key);
                } else {
                    assertThat(changedKey).as(c.getName() + " = " + other + " changes the ranking").isNotEqualTo(key);
                }
            }
        }
        assertThat(seen).contains("fusion", "candidates", "snippetChars", "chunkCacheSize").hasSizeGreaterThan(10);
    }

    /** The fusion settings with each of their components changed in turn. */
    private static List<Object> eachChanged(SearchProperties.FusionProperties fusion) throws Exception {
        List<Object> out = new ArrayList<>();
        for (RecordComponent c : SearchProperties.FusionProperties.class.getRecordComponents()) {
            out.add(with(fusion, c.getName(), changed(c.getAccessor().invoke(fusion))));
        }
        return out;
    }

    private static Object changed(Object value) {
        return switch (value) {
            case Integer i -> i + 7;
            case Float f -> f + 0.5f;
            case Double d -> d + 0.5;
            case Boolean b -> !b;
            case List<?> l -> l.stream().map(x -> (Double) x + 0.25).toList();
            case Duration d -> d.plusSeconds(3);
            case DataSize d -> DataSize.ofBytes(d.toBytes() + 1024);
            case SearchProperties.FusionMethod m -> SearchProperties.FusionMethod.values()[(m.ordinal() + 1) % SearchProperties.FusionMethod.values().length];
            default -> throw new IllegalArgumentException("no other value known for a " + value.getClass() + ": extend this test");
        };
    }

    /** A copy of {@code record} with its component {@code name} replaced by {@code value}. */
    @SuppressWarnings("unchecked")
    private static <R extends Record> R with(R record, String name, Object value) throws Exception {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = components[i].getName().equals(name) ? value : components[i].getAccessor().invoke(record);
        }
        return (R) record.getClass().getDeclaredConstructor(types).newInstance(args);
    }

    private static SearchProperties settings(SearchProperties.FusionMethod method, double knnWeight, int snippetChars,
                                             Duration generationTtl, int maxBodyBytes, DataSize chunkCache) {
        return new SearchProperties(new SearchProperties.FusionProperties(method, 60, 1.0, knnWeight, List.of(0.5, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0)),
                100, 150, 1f, 1f, 1f, generationTtl, snippetChars, maxBodyBytes, chunkCache, false);
    }

    @Test
    void embeddingKeyDependsOnTheModel() {
        assertThat(CacheKeys.embedding("m1", "Q")).isEqualTo(CacheKeys.embedding("m1", " q"))
                .isNotEqualTo(CacheKeys.embedding("m2", "q"));
    }

    @Test
    void aPublishedSourceLinksWithItsAnchorOrPageOrLine() {
        assertThat(DeepLinks.of(doc("https://x/doc", "setup", null, 7))).isEqualTo("https://x/doc#setup");
        assertThat(DeepLinks.of(doc("https://x/a.pdf", null, 3, null))).isEqualTo("https://x/a.pdf#page=3");
        assertThat(DeepLinks.of(doc("https://x/doc", null, null, 7))).isEqualTo("https://x/doc");
        // a repository's web view with line anchors: {line} in the source's URL
        assertThat(DeepLinks.of(doc("https://git.example.test/o/r/blob/abc123/README.md?plain=1#L{line}", "setup", null, 52)))
                .isEqualTo("https://git.example.test/o/r/blob/abc123/README.md?plain=1#L52");
        assertThat(DeepLinks.of(doc("https://git.example.test/o/r/blob/abc123/a.pdf#L{line}", null, 4, null)))
                .isEqualTo("https://git.example.test/o/r/blob/abc123/a.pdf#page=4");
    }

    @Test
    void aSourcePublishedNowhereLinksToTheViewPageMadeAbsoluteWithThePublicUrl() {
        assertThat(DeepLinks.of(doc(null, null, null, 7))).isEqualTo("/view.html?chunk=docs%2Fa.pdf%230");
        assertThat(DeepLinks.of(doc("", "setup", 3, 7))).isEqualTo("/view.html?chunk=docs%2Fa.pdf%230");
        SourceLinks configured = new SourceLinks(new LinkProperties("https://docs.example.test/chat/"));
        assertThat(configured.absolute("/view.html?chunk=a%230")).isEqualTo("https://docs.example.test/chat/view.html?chunk=a%230");
        assertThat(configured.absolute("https://elsewhere.test/x#y")).isEqualTo("https://elsewhere.test/x#y");
        assertThat(configured.absolute("//evil.test/x")).isEqualTo("//evil.test/x");
        assertThat(configured.view("g:guide.md#3")).isEqualTo("https://docs.example.test/chat/view.html?chunk=g%3Aguide.md%233");
    }

    private static ChunkDocument doc(String url, String anchor, Integer page, Integer line) {
        return new ChunkDocument("docs/a.pdf", 0, "s", "docs/a.pdf", url, anchor, page, line, "t", "h", "text", null,
                null, null, List.of(), null, null, null, null);
    }
}
