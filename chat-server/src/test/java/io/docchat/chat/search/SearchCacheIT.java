package io.docchat.chat.search;

import io.docchat.chat.access.Viewer;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.IndexRevisions;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SearchCacheIT extends SearchStack {

    @Autowired
    SearchService search;

    @Autowired
    MeterRegistry registry;

    @Test
    void repeatIsACacheHitAndAnAliasSwapMakesItAMiss() {
        SearchQuery q = new SearchQuery("how often are snapshots taken " + UUID.randomUUID(), null, 5, 0);
        SearchResult first = search.search(q, Viewer.PUBLIC);
        assertThat(first.cached()).isFalse();

        int embeddings = CountingBeans.EMBEDDINGS.get();
        int searches = CountingBeans.MSEARCHES.get();
        SearchResult again = search.search(new SearchQuery("  HOW often are   snapshots taken " + q.text().substring(30), null, 5, 0), Viewer.PUBLIC);
        assertThat(again.cached()).isTrue();
        assertThat(again.hits()).isEqualTo(first.hits());
        assertThat(CountingBeans.EMBEDDINGS.get()).isEqualTo(embeddings);
        assertThat(CountingBeans.MSEARCHES.get()).isEqualTo(searches);

        SearchIndex index = SearchIndex.get();
        String next = index.newVersion();
        index.indexes().swapTo(next);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            SearchResult afterSwap = search.search(q, Viewer.PUBLIC);
            assertThat(afterSwap.indexGeneration()).isEqualTo(next);
            assertThat(afterSwap.cached()).isFalse();
        });
        // the query vector did not change with the index: only Elasticsearch was asked again
        assertThat(CountingBeans.EMBEDDINGS.get()).isEqualTo(embeddings);
        assertThat(CountingBeans.MSEARCHES.get()).isGreaterThan(searches);
    }

    @Test
    void aNewRevisionOfTheLiveIndexMakesCachedResultsMisses() {
        // an incremental indexer run writes into the live index and then bumps its revision
        SearchQuery q = new SearchQuery("what does a revision change " + UUID.randomUUID(), null, 5, 0);
        SearchResult first = search.search(q, Viewer.PUBLIC);
        assertThat(search.search(q, Viewer.PUBLIC).cached()).isTrue();

        SearchIndex index = SearchIndex.get();
        String live = index.indexes().readIndex().orElseThrow();
        long revision = new IndexRevisions(index.indexes()).bump(live);
        assertThat(new IndexRevisions(index.indexes()).read()).map(IndexRevisions.Generation::token).contains(live + "@" + revision);
        // the rest of the index's _meta is kept: it still says which model built it
        assertThat(index.indexes().specOf(live)).isNotNull();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            SearchResult after = search.search(q, Viewer.PUBLIC);
            assertThat(after.indexGeneration()).isEqualTo(live + "@" + revision).isNotEqualTo(first.indexGeneration());
            assertThat(after.cached()).isFalse();
        });
        assertThat(search.search(q, Viewer.PUBLIC).cached()).isTrue();
    }

    @Test
    void aResultMissLoadsOnlyChunksNotSeenUnderTheSameRevision() {
        String text = "how are snapshots restored " + UUID.randomUUID();
        SearchResult five = search.search(new SearchQuery(text, null, 5, 0), Viewer.PUBLIC);
        assertThat(five.hits()).hasSize(5);
        double chunkHits = chunkCacheHits();

        // another page size is another result key, so a result-cache miss, but its chunks were all loaded just now
        int loaded = CountingBeans.MGET_IDS.get();
        SearchResult three = search.search(new SearchQuery(text, null, 3, 0), Viewer.PUBLIC);
        assertThat(three.cached()).isFalse();
        assertThat(three.hits()).isEqualTo(five.hits().subList(0, 3));
        assertThat(CountingBeans.MGET_IDS.get()).isEqualTo(loaded);
        assertThat(chunkCacheHits() - chunkHits).isEqualTo(3.0);

        // an incremental run changes the live index in place and bumps its revision: the chunks are loaded again
        SearchIndex index = SearchIndex.get();
        String live = index.indexes().readIndex().orElseThrow();
        long revision = new IndexRevisions(index.indexes()).bump(live);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(search.search(new SearchQuery(text, null, 3, 0), Viewer.PUBLIC).indexGeneration()).isEqualTo(live + "@" + revision));
        assertThat(CountingBeans.MGET_IDS.get() - loaded).isEqualTo(3);
    }

    @Test
    void aChunkChangedByAnIncrementalRunIsServedAsChangedOnceTheRunEnds() throws Exception {
        // a version of its own: rewriting a chunk leaves a deleted copy behind, which shifts BM25's statistics
        SearchIndex index = SearchIndex.get();
        String live = index.newVersion();
        index.indexes().swapTo(live);
        try {
            String text = "how is a snapshot repository registered " + UUID.randomUUID();
            SearchQuery q = new SearchQuery(text, null, 5, 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> search.search(q, Viewer.PUBLIC).indexGeneration().equals(live));
            SearchResult.Hit top = search.search(q, Viewer.PUBLIC).hits().getFirst();
            assertThat(search.search(q, Viewer.PUBLIC).cached()).isTrue();

            // what an incremental indexer run does: mark the live index, rewrite a chunk, refresh, end the writes
            IndexRevisions revisions = new IndexRevisions(index.indexes());
            ElasticsearchClient es = index.indexes().client();
            String changed = "https://docs.example.com/moved-" + UUID.randomUUID();
            rewriteUrl(revisions, es, live, top.chunkId(), changed);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(link(search.search(q, Viewer.PUBLIC), top.chunkId())).startsWith(changed));
            // another page size misses the result cache and takes the chunk from the chunk cache: the new text too
            assertThat(link(search.search(new SearchQuery(text, null, 4, 0), Viewer.PUBLIC), top.chunkId())).startsWith(changed);
        } finally {
            index.indexes().swapTo(index.newVersion()); // an untouched copy for the tests that follow
        }
    }

    private static void rewriteUrl(IndexRevisions revisions, ElasticsearchClient es, String index, String chunkId, String url) throws Exception {
        revisions.beginWrites(index, "test");
        Map<String, Object> doc = new HashMap<>();
        doc.put("url", url);
        // an update re-indexes from _source, which leaves out the stems (and the vector): give the stems back, as
        // the indexer's whole-chunk writes have them
        doc.put("stems", es.get(g -> g.index(index).id(chunkId), io.docchat.elastic.ChunkDocument.class).source().stems());
        es.update(u -> u.index(index).id(chunkId).doc(doc), Map.class);
        es.indices().refresh(r -> r.index(index));
        revisions.endWrites(index);
    }

    private static String link(SearchResult result, String chunkId) {
        return result.hits().stream().filter(h -> h.chunkId().equals(chunkId)).findFirst().orElseThrow().link();
    }

    private double chunkCacheHits() {
        return registry.counter("docchat.cache.requests", "cache", "chunks", "tier", "l1", "result", "hit").count();
    }

    @Test
    void fiveHundredIdenticalColdRequestsCostOneEmbeddingAndOneSearch() throws Exception {
        SearchQuery q = new SearchQuery("where is the cache kept " + UUID.randomUUID(), null, 5, 0);
        int embeddings = CountingBeans.EMBEDDINGS.get();
        int searches = CountingBeans.MSEARCHES.get();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SearchResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 500; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return search.search(q, Viewer.PUBLIC);
                }));
            }
            start.countDown();
            for (Future<SearchResult> r : results) {
                assertThat(r.get().hits()).isNotEmpty();
            }
        }
        assertThat(CountingBeans.EMBEDDINGS.get() - embeddings).isEqualTo(1);
        assertThat(CountingBeans.MSEARCHES.get() - searches).isEqualTo(1);
        assertThat(results.stream().filter(f -> !f.resultNow().cached()).count()).isEqualTo(1);
    }
}
