package io.docchat.elastic.local;

import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalElasticsearchIT {

    @Test
    void startsReportsHealthStopsAndStartsAgain() throws Exception {
        Path home = TestServices.root().resolve(".local/es-launcher-it");
        LocalElasticsearch es = new LocalElasticsearch(LocalElasticsearchConfig.defaults(home, 9270));
        try {
            es.start();
            assertThat(es.isHealthy()).isTrue();
            long firstPid = es.runningProcess().orElseThrow().pid();
            if (LocalElasticsearch.isRoot()) {
                assertThat(ProcessHandle.of(firstPid).orElseThrow().info().user()).contains(LocalElasticsearch.SERVICE_USER);
            }

            es.start(); // idempotent: the running node is reused
            assertThat(es.runningProcess().orElseThrow().pid()).isEqualTo(firstPid);

            es.stop();
            assertThat(es.isHealthy()).isFalse();
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));

            es.start();
            assertThat(es.isHealthy()).isTrue();
            assertThat(es.runningProcess().orElseThrow().pid()).isNotEqualTo(firstPid);
            assertThat(Files.readString(home.resolve("elasticsearch-" + LocalElasticsearch.DEFAULT_VERSION
                    + "/config/elasticsearch.yml"))).contains("http.port: 9270").contains("127.0.0.1");
        } finally {
            es.stop();
        }
    }
}
