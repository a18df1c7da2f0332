package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import io.docchat.elastic.local.LocalElasticsearch;
import io.docchat.elastic.local.LocalElasticsearchConfig;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acknowledged chunk survives a crash of Elasticsearch: the contract sets {@code index.translog.durability:
 * request} (the translog is fsynced before a bulk request is acknowledged), and this test kills the node with
 * SIGKILL while a writer is bulk-loading, restarts it, and finds every acknowledged chunk. With {@code async}
 * durability the last up-to-5 s of acknowledged writes can be lost.
 * <p>
 * Runs its own node (port 18610, under {@code .local/es-durability}) so that killing it disturbs no other test.
 */
class TranslogDurabilityIT {

    private static final int PORT = Integer.getInteger("docchat.it.durability.port", 18610);
    private static LocalElasticsearch node;
    private static ElasticsearchClient client;
    private static IndexManager indexes;
    private static ElasticProperties props;

    @BeforeAll
    static void startNode() throws Exception {
        LocalElasticsearchConfig d = LocalElasticsearchConfig.defaults(
                TestServices.root().resolve(".local/es-durability"), PORT);
        node = new LocalElasticsearch(new LocalElasticsearchConfig(d.home(), d.version(), PORT, PORT + 100, "512m",
                "docchat-durability", d.javaHome(), d.startTimeout()));
        node.start();
        props = ElasticProperties.local(node.uri().toString(), TestServices.uniquePrefix("durability"));
        client = ElasticClientFactory.create(props);
        indexes = new IndexManager(client, props);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (client != null) {
            for (String index : indexes.versions()) {
                indexes.deleteIndex(index);
            }
            client.close();
        }
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void theContractFsyncsEveryRequestAndAcknowledgedChunksSurviveKillNine() throws Exception {
        String index = indexes.ensureLiveIndex(new EmbeddingSpec("durability-test", 4, "cosine"));
        IndexSettings settings = client.indices().getSettings(g -> g.index(index)).result().get(index).settings();
        assertThat(settings.index().translog().durability().jsonValue())
                .as("index.translog.durability in the index contract").isEqualTo("request");

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Throwable> afterCrash = new ArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            int batch = 0;
            while (writing.get()) {
                int b = batch++;
                try {
                    BulkResponse r = client.bulk(req -> {
                        for (int i = 0; i < 50; i++) {
                            String docId = "doc-" + b + "-" + i;
                            req.operations(op -> op.index(ix -> ix.index(props.chunkIndex().writeAlias())
                                    .id(ChunkDocument.chunkId(docId, 0)).document(chunk(docId))));
                        }
                        return req;
                    });
                    for (BulkResponseItem item : r.items()) {
                        if (item.error() == null && item.status() < 300) {
                            acknowledged.add(item.id());
                        }
                    }
                } catch (Exception e) {
                    // the node is gone: nothing in this request was acknowledged
                    afterCrash.add(e);
                    writing.set(false);
                }
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 2_000);
        ProcessHandle es = node.runningProcess().orElseThrow();
        es.destroyForcibly(); // SIGKILL: no flush, no graceful shutdown
        es.onExit().get();
        writer.join(Duration.ofSeconds(60).toMillis());
        writing.set(false);
        int acked = acknowledged.size();

        node.start();
        ElasticClientFactory.awaitHealthy(client, Duration.ofSeconds(120));
        indexes.refresh(index);
        Set<String> missing = new HashSet<>(acknowledged);
        List<String> ids = new ArrayList<>(acknowledged);
        for (int from = 0; from < ids.size(); from += 1_000) {
            List<String> page = ids.subList(from, Math.min(ids.size(), from + 1_000));
            var found = client.mget(m -> m.index(index).ids(page).sourceExcludes("*"), Map.class);
            found.docs().forEach(d -> {
                if (d.result().found()) {
                    missing.remove(d.result().id());
                }
            });
        }
        assertThat(acked).as("chunks acknowledged before the kill").isGreaterThanOrEqualTo(2_000);
        assertThat(missing).as("acknowledged chunks lost by kill -9 (of " + acked + ")").isEmpty();
        assertThat(indexes.count(index)).as("the index holds at least every acknowledged chunk").isGreaterThanOrEqualTo(acked);
    }

    private static Map<String, Object> chunk(String docId) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("doc_id", docId);
        doc.put("chunk_no", 0);
        doc.put("source", "durability");
        doc.put("location", docId + ".md");
        doc.put("title", "Durability " + docId);
        doc.put("text", "An acknowledged chunk must survive a crash of the node: " + docId);
        doc.put("content_hash", Integer.toHexString(docId.hashCode()));
        doc.put("embedding", List.of(0.5f, 0.5f, 0.5f, 0.5f));
        return doc;
    }
}
