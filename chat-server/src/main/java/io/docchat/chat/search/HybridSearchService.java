package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.docchat.chat.access.AccessMode;
import io.docchat.chat.access.Viewer;
import io.docchat.chat.cache.CacheFactory;
import io.docchat.chat.cache.TwoTierCache;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;
import io.docchat.elastic.Permissions;
import io.docchat.elastic.embed.Embedder;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The {@link SearchService}: resolve the generation, then result cache → embed (cached) → _msearch → fusion → page. */
@Service
class HybridSearchService implements SearchService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HybridSearchService.class);
    /** The hits the relevance floor reads when the kNN score alone does not clear it (the first page's size). */
    private static final int FLOOR_PAGE = 10;

    private final Embedder embedder;
    private final EmbeddingLane embedding;
    private final HybridRetriever retriever;
    private final PageFetcher pages;
    private final Fusion fusion;
    private final IndexGeneration generation;
    private final AclValues aclValues;
    /** BM25 over the stems field wherever the live index has it (docchat.search.stemming). */
    private final boolean stemming;
    private final TwoTierCache<float[]> embeddings;
    private final TwoTierCache<SearchResult> results;
    private final QueryMetrics metrics;
    private final SearchAdmission admission;
    private final String ranking;
    private final AccessMode mode;
    private final RelevanceFloor floor;
    private final SourceLinks links;

    HybridSearchService(Embedder embedder, ElasticsearchClient client, IndexManager indexes, CacheFactory caches,
                        QueryMetrics metrics, SearchProperties props, SearchAdmissionProperties admission,
                        MeterRegistry registry, AccessMode mode, RelevanceFloorProperties floor, SourceLinks links) {
        this.mode = mode;
        this.floor = new RelevanceFloor(floor);
        this.links = links;
        this.embedder = embedder;
        this.embedding = new EmbeddingLane(embedder, admission.embeddingLanes());
        this.retriever = new HybridRetriever(client, props);
        this.stemming = props.stemming();
        this.pages = new PageFetcher(client, props.snippetChars(), props.chunkCacheSize().toBytes(), registry);
        this.fusion = Fusion.of(props.fusion());
        this.generation = new IndexGeneration(indexes, props.generationTtl());
        this.aclValues = new AclValues(client, indexes);
        var cacheProps = caches.properties();
        this.embeddings = caches.create("embeddings", Codecs.VECTOR, cacheProps.embeddingsL1Size(), cacheProps.embeddingsTtl());
        this.results = caches.create("results", Codecs.RESULT, cacheProps.resultsL1Size(), cacheProps.resultsTtl());
        this.metrics = metrics;
        this.admission = new SearchAdmission(admission, registry);
        this.ranking = CacheKeys.ranking(props) + "," + this.floor.key();
    }

    @Override
    public SearchResult search(SearchQuery query, Viewer viewer) {
        long start = System.nanoTime();
        // 1. the generation first: it is part of the result key, and the search targets exactly that index
        IndexRevisions.Generation current = generation.current();
        comparable(current);
        List<String> readable = readable(current, viewer);
        // 2. result cache (single flight per key, per permission set); a miss waits its turn to use the embedder
        //    and Elasticsearch. Redis is asked for the result and the query's embedding at once: a miss needs both
        TwoTierCache.Lookup<SearchResult> found = results.get(CacheKeys.result(current.token(), ranking, viewer.partition(), query),
                new TwoTierCache.Companion<>(embeddings, () -> embeddingKey(query.text())),
                () -> admission.run(() -> compute(current, query, readable, viewer)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // cached hits link to the view page by path: the public URL is added per response
        return new SearchResult(links.absolute(found.value().hits()), current.token(), tookMs,
                found.tier() != TwoTierCache.Tier.LOADED);
    }

    @PreDestroy
    void close() {
        embedding.close();
    }

    @Override
    public float[] embedQuery(String text) {
        return embeddings.get(embeddingKey(text),
                () -> metrics.embed(() -> embedding.embedQuery(text))).value();
    }

    private String embeddingKey(String text) {
        return CacheKeys.embedding(embedder.spec().modelId(), text);
    }

    /**
     * The caller's permission filter, or null for an index built before permissions, which a public deployment
     * serves as all public; a private one refuses it rather than show every chunk to everyone.
     */
    private List<String> readable(IndexRevisions.Generation current, Viewer viewer) {
        if (current.permissions()) {
            return viewer.readable();
        }
        if (mode.privateMode()) {
            throw new SearchUnavailableException("index " + current.index() + " has no permissions (_meta."
                    + Permissions.META_KEY + "); " + Permissions.REBUILD_HINT, null);
        }
        return null;
    }

    /**
     * An index built with another embedding model (a model change or a rollback swapped it in under this server)
     * is refused (503) rather than searched with query vectors it cannot compare with; the start-up check
     * ({@code IndexContractCheck}) says the same to a server that starts on it.
     */
    private void comparable(IndexRevisions.Generation current) {
        if (!current.comparableWith(embedder.spec())) {
            throw new SearchUnavailableException("index " + current.index() + " was built with embedding model "
                    + current.spec() + ", this server embeds with " + embedder.spec()
                    + ": restart it with that model, or roll the index back (POST /admin/rollback on the indexer)", null);
        }
    }

    private SearchResult compute(IndexRevisions.Generation current, SearchQuery query, List<String> readable, Viewer viewer) {
        String index = current.index();
        // 3. query vector through the embedding cache
        float[] vector = embedQuery(query.text());
        // 4. BM25 and kNN in one round trip
        // the cheapest exact form of the caller's filter for this generation (none when they may read everything)
        PermissionFilter permission = readable == null ? PermissionFilter.NONE : PermissionFilter.of(readable, aclValues.of(current));
        HybridRetriever.Retrieved retrieved = metrics.elasticsearch(() -> retriever.retrieve(index, query, vector, permission,
                stemming && current.stemmed()));
        // 5. fuse and cut the page
        List<Fusion.Fused> fused = metrics.fusion(() -> fusion.fuse(retrieved.rankings()));
        List<Fusion.Fused> page = fused.subList(Math.min(fused.size(), query.offset()),
                Math.min(fused.size(), query.offset() + query.k()));
        // 6. load only the page; snippets are highlighted here, not by Elasticsearch
        Map<String, PageFetcher.Loaded> loaded = metrics.fetch(() ->
                pages.fetch(current, query.text(), page.stream().map(Fusion.Fused::id).toList(), viewer));
        // 7. nothing relevant at all (garbage, unrelated words): no hits rather than the k least distant chunks
        RelevanceFloor.Verdict verdict = floor.judge(query.text(), retrieved.rankings(), () -> passages(
                query.offset() == 0 ? loaded : pages.fetch(current, query.text(),
                        fused.subList(0, Math.min(fused.size(), FLOOR_PAGE)).stream().map(Fusion.Fused::id).toList(), viewer)));
        if (!verdict.relevant()) {
            log.debug("nothing relevant: best kNN score {}, coverage {}", verdict.topKnn(), verdict.coverage());
            return new SearchResult(List.of(), index, 0, false);
        }
        log.debug("relevant: best kNN score {}, coverage {}", verdict.topKnn(), verdict.coverage());
        List<SearchResult.Hit> hits = new ArrayList<>(page.size());
        for (Fusion.Fused f : page) {
            PageFetcher.Loaded chunk = loaded.get(f.id());
            if (chunk != null) {
                hits.add(hit(f, chunk));
            }
        }
        return new SearchResult(hits, index, 0, false);
    }

    private static List<RelevanceFloor.Passage> passages(Map<String, PageFetcher.Loaded> loaded) {
        return loaded.values().stream().map(l -> new RelevanceFloor.Passage(l.doc().title(), l.doc().headingPath(),
                l.doc().text())).toList();
    }

    private static SearchResult.Hit hit(Fusion.Fused f, PageFetcher.Loaded chunk) {
        ChunkDocument d = chunk.doc();
        Set<String> retrievers = new TreeSet<>(f.retrievers());
        return new SearchResult.Hit(d.id(), d.docId(), d.source(), d.title(), d.headingPath(), DeepLinks.of(d),
                chunk.snippet(), d.text(), f.score(), retrievers);
    }
}
