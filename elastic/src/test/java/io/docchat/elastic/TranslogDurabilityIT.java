package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import io.docchat.elastic.local.LocalElasticsearch;
import io.docchat.elastic.local.LocalElasticsearchConfig;
import io.docchat.elastic.testing.AcknowledgedLoad;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

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

        AcknowledgedLoad load = new AcknowledgedLoad(client, props.chunkIndex().writeAlias(), "doc-", true);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= 2_000);
        ProcessHandle es = node.runningProcess().orElseThrow();
        es.destroyForcibly(); // SIGKILL: no flush, no graceful shutdown
        es.onExit().get();
        load.close();
        int acked = load.acknowledged();

        node.start();
        ElasticClientFactory.awaitHealthy(client, Duration.ofSeconds(120));
        indexes.refresh(index);
        Set<String> missing = load.missingFrom(index);
        assertThat(acked).as("chunks acknowledged before the kill").isGreaterThanOrEqualTo(2_000);
        assertThat(missing).as("acknowledged chunks lost by kill -9 (of " + acked + ")").isEmpty();
        assertThat(indexes.count(index)).as("the index holds at least every acknowledged chunk").isGreaterThanOrEqualTo(acked);
    }
}
