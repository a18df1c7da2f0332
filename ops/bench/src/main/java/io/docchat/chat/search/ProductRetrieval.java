package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat-server's retrieval path for the evaluation harness: its {@code HybridRetriever} (the same
 * {@code _msearch} with the product's BM25 field boosts and kNN settings) and its {@code Fusion} (convex or
 * RRF, as configured), with the product's default {@code docchat.search.*} settings (overridable). It lives in
 * the search package because those classes are package-private; it skips only the result and embedding
 * caches, which would not change the ranking.
 */
public final class ProductRetrieval {

    /** One ranked chunk id with its score, best first. */
    public record RankedChunk(String chunkId, double score) {
    }

    private final ElasticsearchClient client;
    private final HybridRetriever retriever;
    private final Fusion fusion;
    private final SearchProperties props;
    private final AclValues aclValues;

    public ProductRetrieval(ElasticsearchClient client, Map<String, String> overrides) {
        this(client, null, overrides);
    }

    /**
     * With {@code indexes}, {@link #searchAsServer} chooses the permission filter's form from the index's values as
     * the server does ({@code PermissionFilter}).
     */
    public ProductRetrieval(ElasticsearchClient client, io.docchat.elastic.IndexManager indexes, Map<String, String> overrides) {
        this.aclValues = indexes == null ? null : new AclValues(client, indexes);
        Map<String, String> source = new LinkedHashMap<>();
        overrides.forEach((k, v) -> source.put("docchat.search." + k, v));
        this.props = new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("docchat.search", SearchProperties.class);
        this.client = client;
        this.retriever = new HybridRetriever(client, props);
        this.fusion = Fusion.of(props.fusion());
    }

    /**
     * Fuses lists this product path returned ({@code bm25} and {@code knn} keys of {@link #search}) with other
     * fusion settings ({@code fusion.*} keys without the prefix), so fusion-only variants share one search.
     */
    public static List<RankedChunk> fuse(Map<String, List<RankedChunk>> lists, Map<String, String> fusionOverrides) {
        Map<String, String> source = new LinkedHashMap<>();
        fusionOverrides.forEach((k, v) -> source.put("docchat.search.fusion." + k, v));
        SearchProperties.FusionProperties fusion = new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("docchat.search.fusion", SearchProperties.FusionProperties.class);
        return Fusion.of(fusion).fuse(scored(lists)).stream().map(f -> new RankedChunk(f.id(), f.score())).toList();
    }

    /** The learned fusion's feature vector of every chunk in the lists, keyed by chunk id. */
    public static Map<String, double[]> features(Map<String, List<RankedChunk>> lists) {
        return Fusion.featureVectors(scored(lists));
    }

    /** The learned fusion's feature names, in the order of its weights. */
    public static List<String> featureNames() {
        return Fusion.LEARNED_RETRIEVERS.stream().flatMap(r -> Fusion.FEATURES.stream().map(f -> r + "." + f)).toList();
    }

    private static Map<String, List<Fusion.Scored>> scored(Map<String, List<RankedChunk>> lists) {
        Map<String, List<Fusion.Scored>> out = new LinkedHashMap<>();
        for (String r : List.of(HybridRetriever.BM25, HybridRetriever.KNN)) {
            out.put(r, lists.getOrDefault(r, List.of()).stream().map(c -> new Fusion.Scored(c.chunkId(), c.score())).toList());
        }
        return out;
    }

    /**
     * The relevance floor's verdict on one query's lists ({@link #search}), with the product's floor settings
     * ({@code floor} overrides them: {@code min-knn-score}, {@code min-coverage}, {@code enabled}); the passages it
     * reads are the fused list's first 10 chunks, as the server's first page.
     */
    public RelevanceFloor.Verdict floor(String index, String text, Map<String, List<RankedChunk>> lists,
                                        Map<String, String> floor) {
        Map<String, String> source = new LinkedHashMap<>();
        floor.forEach((k, v) -> source.put("docchat.search.floor." + k, v));
        RelevanceFloorProperties props = new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("docchat.search.floor", RelevanceFloorProperties.class);
        List<String> page = lists.getOrDefault("hybrid", List.of()).stream().limit(10).map(RankedChunk::chunkId).toList();
        return new RelevanceFloor(props).judge(text, scored(lists), () -> passages(index, page));
    }

    private java.util.Collection<RelevanceFloor.Passage> passages(String index, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try {
            var response = client.mget(m -> m.index(index).ids(ids), io.docchat.elastic.ChunkDocument.class);
            return response.docs().stream().filter(d -> d.isResult() && d.result().found())
                    .map(d -> d.result().source())
                    .map(c -> new RelevanceFloor.Passage(c.title(), c.headingPath(), c.text())).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String settings() {
        return props.toString();
    }

    /**
     * Runs one query; returns the chunk rankings keyed {@code bm25}, {@code knn} (the retrievers' own scores)
     * and {@code hybrid} (the fused scores).
     */
    public Map<String, List<RankedChunk>> search(String index, String text, float[] vector) {
        return search(index, text, vector, null);
    }

    /**
     * As {@link #search(String, String, float[])} with the permission filter the server adds for a caller who
     * may read {@code readable} (values of {@code acl}); null for none.
     */
    public Map<String, List<RankedChunk>> search(String index, String text, float[] vector, List<String> readable) {
        SearchQuery query = new SearchQuery(text.length() > SearchQuery.MAX_TEXT ? text.substring(0, SearchQuery.MAX_TEXT) : text,
                SearchQuery.Filters.NONE, 10, 0);
        return lists(retriever.retrieve(index, query, vector, readable));
    }

    /**
     * As the server searches for a caller who may read {@code readable}: the permission filter in the form chosen
     * for {@code index}'s values (none when the caller reads them all, else the readable values present).
     */
    public Map<String, List<RankedChunk>> searchAsServer(String index, String text, float[] vector, List<String> readable) {
        SearchQuery query = new SearchQuery(text.length() > SearchQuery.MAX_TEXT ? text.substring(0, SearchQuery.MAX_TEXT) : text,
                SearchQuery.Filters.NONE, 10, 0);
        return lists(retriever.retrieve(index, query, vector, permissionFilter(index, readable), props.stemming()));
    }

    /** The form of the server's permission filter for {@code readable} on {@code index}, for reports. */
    public String filterForm(String index, List<String> readable) {
        return permissionFilter(index, readable).describe();
    }

    private PermissionFilter permissionFilter(String index, List<String> readable) {
        return PermissionFilter.of(readable, aclValues.awaitFigures(new io.docchat.elastic.IndexRevisions.Generation(index, 0, true)));
    }

    private Map<String, List<RankedChunk>> lists(HybridRetriever.Retrieved retrieved) {
        Map<String, List<RankedChunk>> out = new LinkedHashMap<>();
        retrieved.rankings().forEach((name, hits) -> out.put(name, hits.stream()
                .map(h -> new RankedChunk(h.id(), h.score())).toList()));
        out.put("hybrid", fusion.fuse(retrieved.rankings()).stream()
                .map(f -> new RankedChunk(f.id(), f.score())).toList());
        return out;
    }
}
