package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkIndexContractIT {

    private static final List<String[]> DOCS = List.of(
            new String[]{"install", "Installing the server", "Download the archive and run bin/server. The ERR_DOCCHAT_4711 error means the port is taken."},
            new String[]{"backup", "Backups", "Snapshots copy every index to an object store such as S3 once a night."},
            new String[]{"auth", "Authentication", "Users sign in with a JSON Web Token signed by the identity provider."},
            new String[]{"scale", "Scaling out", "Add more nodes to spread shards and share the query load across machines."});

    private static ElasticsearchClient client;
    private static IndexManager indexes;
    private static Embedder embedder;
    private static ElasticProperties props;

    @BeforeAll
    static void setUp() {
        props = ElasticProperties.local(TestServices.elasticsearch().toString(), TestServices.uniquePrefix("contract"));
        client = ElasticClientFactory.create(props);
        indexes = new IndexManager(client, props);
        embedder = TestServices.embedder();
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (String index : indexes.versions()) {
            indexes.deleteIndex(index);
        }
        client.close();
    }

    @Test
    void indexesChunksAndFindsThemByBm25AndByVectors() throws IOException {
        String v1 = indexes.ensureLiveIndex(embedder.spec());
        assertThat(indexes.readIndex()).contains(v1);
        assertThat(indexes.writeIndex()).contains(v1);
        assertThat(indexes.meta(v1)).containsEntry("model_id", embedder.spec().modelId())
                .containsEntry("analyzer", indexes.bestAnalyzer())
                .containsEntry("stemming", EnglishStems.CONTRACT);
        write(props.chunkIndex().writeAlias());

        // stemmed in the app on both sides, so "snapshot" meets "Snapshots" on the minimal cluster too; the
        // standard-analysed text does not, and the stems stay out of _source
        String stems = EnglishStems.of("snapshot of an index");
        SearchResponse<ChunkDocument> stemmed = client.search(s -> s.index(props.chunkIndex().readAlias())
                .query(q -> q.match(m -> m.field("stems").query(stems))), ChunkDocument.class);
        assertThat(stemmed.hits().hits()).extracting(h -> h.id()).containsExactly("backup#0");
        if (indexes.bestAnalyzer().equals("standard")) {
            assertThat(client.search(s -> s.index(props.chunkIndex().readAlias())
                    .query(q -> q.match(m -> m.field("text").query("snapshot"))), ChunkDocument.class).hits().hits()).isEmpty();
        }

        SearchResponse<ChunkDocument> bm25 = client.search(s -> s.index(props.chunkIndex().readAlias())
                .query(q -> q.multiMatch(m -> m.query("ERR_DOCCHAT_4711").fields("title", "text"))), ChunkDocument.class);
        assertThat(bm25.hits().hits()).extracting(h -> h.id()).containsExactly("install#0");

        float[] query = embedder.embedQuery("how do I keep a copy of my data in the cloud?");
        SearchResponse<ChunkDocument> knn = client.search(s -> s.index(props.chunkIndex().readAlias())
                .knn(k -> k.field("embedding").queryVector(toList(query)).k(2).numCandidates(10)), ChunkDocument.class);
        assertThat(knn.hits().hits().get(0).id()).isEqualTo("backup#0");
        assertThat(knn.hits().hits().get(0).source().embedding()).as("vectors stay out of _source").isNull();
    }

    @Test
    void aliasSwapUnderContinuousSearchLosesNoSearch() throws Exception {
        String live = indexes.ensureLiveIndex(embedder.spec());
        write(live);
        indexes.refresh(live);
        String next = indexes.createNextVersion(embedder.spec());
        write(next);
        indexes.refresh(next);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread searcher = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    long hits = client.search(s -> s.index(props.chunkIndex().readAlias())
                            .query(q -> q.match(m -> m.field("text").query("nodes shards"))), ChunkDocument.class)
                            .hits().hits().size();
                    if (hits == 0) {
                        failures.add("empty result");
                    }
                    searches.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        // Each swap happens while searches are in flight: wait for a few more searches between steps.
        awaitMoreSearches(searches);
        indexes.swapTo(next);
        awaitMoreSearches(searches);
        indexes.rollback();
        awaitMoreSearches(searches);
        indexes.swapTo(next);
        awaitMoreSearches(searches);
        running.set(false);
        searcher.join();

        assertThat(failures).isEmpty();
        assertThat(searches.get()).isGreaterThan(10);
        assertThat(indexes.readIndex()).contains(next);
        assertThat(indexes.writeIndex()).contains(next);
    }

    @Test
    void refusesAnIndexBuiltWithAnotherModel() {
        String live = indexes.ensureLiveIndex(embedder.spec());
        EmbeddingSpec other = new EmbeddingSpec("text-embedding-3-small", 1536, "cosine");
        assertThatThrownBy(() -> indexes.ensureLiveIndex(other))
                .isInstanceOf(EmbeddingSpecMismatchException.class)
                .hasMessageContaining(live)
                .hasMessageContaining("text-embedding-3-small")
                .hasMessageContaining("full");
    }

    private static void awaitMoreSearches(AtomicInteger searches) {
        int target = searches.get() + 5;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> searches.get() >= target);
    }

    private static void write(String index) throws IOException {
        List<String> texts = DOCS.stream().map(d -> d[2]).toList();
        List<float[]> vectors = embedder.embedPassages(texts);
        List<ChunkDocument> docs = new ArrayList<>();
        for (int i = 0; i < DOCS.size(); i++) {
            String[] d = DOCS.get(i);
            docs.add(new ChunkDocument(d[0], 0, "test", d[0] + ".md", null, null, null, 1, d[1], d[1], d[2],
                    "h" + i, "docchat", "1.0", List.of(), 20, Instant.now(), Instant.now(), vectors.get(i)));
        }
        BulkResponse r = client.bulk(b -> {
            docs.forEach(doc -> b.operations(o -> o.index(x -> x.index(index).id(doc.id()).document(doc))));
            return b.refresh(co.elastic.clients.elasticsearch._types.Refresh.True);
        });
        assertThat(r.errors()).as("bulk errors").isFalse();
    }

    private static List<Float> toList(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float x : v) {
            out.add(x);
        }
        return out;
    }
}
