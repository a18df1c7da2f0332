package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.docchat.elastic.local.LocalCluster;
import io.docchat.elastic.local.LocalElasticsearch;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Elasticsearch nodes from the same Maven zip, one cluster on loopback, the chunk index with one replica
 * per shard. A data node killed with SIGKILL during a bulk load loses no acknowledged chunk; killed during
 * search traffic, at most 1 % of searches fail; the cluster is back to green once the node returns.
 * <p>
 * The client knows all three nodes and fails over between them, as the apps do with
 * {@code DOCCHAT_ELASTIC_URIS} listing several nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNodeLossIT {

    private static final int FIRST_PORT = Integer.getInteger("docchat.it.cluster.port", 18620);
    private static LocalCluster cluster;
    private static ElasticsearchClient client;
    private static IndexManager indexes;
    private static ElasticProperties props;
    private static String index;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster(TestServices.root().resolve(".local/es-cluster-it"), FIRST_PORT, 3, "384m",
                "docchat-ha-it");
        cluster.start();
        props = new ElasticProperties(cluster.uris(), null, null, null, null, TestServices.uniquePrefix("ha"),
                3, 1, 2, Duration.ofSeconds(2), Duration.ofSeconds(10));
        client = ElasticClientFactory.create(props);
        indexes = new IndexManager(client, props);
        index = indexes.ensureLiveIndex(new EmbeddingSpec("ha-test", 4, "cosine"));
        awaitGreen();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (client != null) {
                for (String v : indexes.versions()) {
                    indexes.deleteIndex(v);
                }
                client.close();
            }
        } finally {
            if (cluster != null) {
                cluster.stop();
            }
        }
    }

    @Test
    @Order(1)
    void aDataNodeKilledDuringABulkLoadLosesNoAcknowledgedChunk() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failedRequests = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int b = 0; writing.get(); b++) {
                int batch = b;
                try {
                    BulkResponse r = client.bulk(req -> {
                        for (int i = 0; i < 50; i++) {
                            String docId = "bulk-" + batch + "-" + i;
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
                    failedRequests.incrementAndGet(); // not acknowledged: the loader would retry it
                }
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 1_500);
        int victim = nonMasterNode();
        kill(victim);
        int atKill = acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= atKill + 1_500);
        writing.set(false);
        writer.join();

        indexes.refresh(index);
        Set<String> missing = new HashSet<>(acknowledged);
        List<String> ids = new ArrayList<>(acknowledged);
        for (int from = 0; from < ids.size(); from += 1_000) {
            List<String> page = ids.subList(from, Math.min(ids.size(), from + 1_000));
            client.mget(m -> m.index(index).ids(page).sourceExcludes("*"), Map.class).docs()
                    .forEach(d -> {
                        if (d.result().found()) {
                            missing.remove(d.result().id());
                        }
                    });
        }
        System.out.printf("[ha] bulk: %d chunks acknowledged (%d before the kill of node %d), %d requests failed, %d lost%n",
                acknowledged.size(), atKill, victim + 1, failedRequests.get(), missing.size());
        assertThat(missing).as("acknowledged chunks lost after kill -9 of a data node").isEmpty();

        cluster.node(victim).start();
        awaitGreen();
    }

    @Test
    @Order(2)
    void aDataNodeKilledDuringSearchTrafficFailsAtMostOnePercentOfSearches() throws Exception {
        indexes.refresh(index);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean searching = new AtomicBoolean(true);
        List<Thread> searchers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            searchers.add(Thread.ofPlatform().start(() -> {
                while (searching.get()) {
                    try {
                        long hits = client.search(s -> s.index(props.chunkIndex().readAlias()).size(10)
                                .query(q -> q.match(m -> m.field("text").query("crash node"))), Map.class)
                                .hits().hits().size();
                        (hits > 0 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= 500);
        int victim = nonMasterNode();
        kill(victim);
        int atKill = ok.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() >= atKill + 2_000);
        cluster.node(victim).start();
        awaitGreen();
        searching.set(false);
        for (Thread t : searchers) {
            t.join();
        }
        int total = ok.get() + failed.get();
        System.out.printf("[ha] search: %d searches, %d failed (%.3f %%) with node %d killed and restarted%n",
                total, failed.get(), 100.0 * failed.get() / total, victim + 1);
        assertThat(failed.get()).as("failed searches of " + total).isLessThanOrEqualTo(total / 100);
    }

    /** A node that is not the elected master: killing the master also works, but costs an election (seconds). */
    private static int nonMasterNode() throws Exception {
        String master = client.cat().master().valueBody().get(0).node();
        for (int i = 0; i < cluster.size(); i++) {
            if (!master.endsWith("-" + cluster.node(i).uri().getPort())) {
                return i;
            }
        }
        throw new IllegalStateException("no node other than the master " + master);
    }

    private static void kill(int i) throws Exception {
        LocalElasticsearch node = cluster.node(i);
        ProcessHandle process = node.runningProcess().orElseThrow();
        process.destroyForcibly(); // SIGKILL
        process.onExit().get();
    }

    private static void awaitGreen() {
        Instant start = Instant.now();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                client.cluster().health(h -> h.index(index).waitForStatus(HealthStatus.Green)
                        .timeout(t -> t.time("5s"))).status() == HealthStatus.Green);
        System.out.printf("[ha] green after %d s%n", Duration.between(start, Instant.now()).toSeconds());
    }

    private static Map<String, Object> chunk(String docId) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("doc_id", docId);
        doc.put("chunk_no", 0);
        doc.put("source", "ha");
        doc.put("location", docId + ".md");
        doc.put("title", "High availability " + docId);
        doc.put("text", "A crash of one node must not lose an acknowledged chunk: " + docId);
        doc.put("content_hash", Integer.toHexString(docId.hashCode()));
        doc.put("embedding", List.of(0.5f, 0.5f, 0.5f, 0.5f));
        return doc;
    }
}
