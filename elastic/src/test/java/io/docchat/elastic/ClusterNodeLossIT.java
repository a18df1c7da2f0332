package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.docchat.elastic.local.LocalCluster;
import io.docchat.elastic.local.LocalElasticsearch;
import io.docchat.elastic.testing.AcknowledgedLoad;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        AcknowledgedLoad load = new AcknowledgedLoad(client, props.chunkIndex().writeAlias(), "bulk-", false);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= 1_500);
        int victim = nonMasterNode();
        kill(victim);
        int atKill = load.acknowledged();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= atKill + 1_500);
        load.close();

        indexes.refresh(index);
        Set<String> missing = load.missingFrom(index);
        System.out.printf("[ha] bulk: %d chunks acknowledged (%d before the kill of node %d), %d requests failed, %d lost%n",
                load.acknowledged(), atKill, victim + 1, load.failedRequests(), missing.size());
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
}
