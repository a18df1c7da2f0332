package io.docchat.indexer.index;

import com.sun.net.httpserver.HttpServer;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.indexer.IndexerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transient bulk failures against a fake cluster at the HTTP level (Elasticsearch cannot be made to answer 429 on cue). */
class BulkWriterTest {

    private HttpServer server;
    private final ConcurrentLinkedDeque<String[]> responses = new ConcurrentLinkedDeque<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private BulkWriter writer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String[] next = responses.size() > 1 ? responses.pollFirst() : responses.peekFirst();
            byte[] body = next[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.sendResponseHeaders(Integer.parseInt(next[0]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        var props = new IndexerProperties(List.of(), "", 16, DataSize.ofMegabytes(1),
                new IndexerProperties.Chunking(320, 32), new IndexerProperties.Bulk(3, Duration.ofMillis(5), 2.0));
        var client = ElasticClientFactory.create(ElasticProperties.local("http://127.0.0.1:" + server.getAddress().getPort(), "t"));
        writer = new BulkWriter(client, new DeadLetters(null), props, new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void retriesOnlyTheItemsThatWereRejectedAsBusy() {
        responses.add(new String[]{"200", "{\"took\":1,\"errors\":true,\"items\":["
                + item("d#0", 201, null) + "," + item("d#1", 429, "es_rejected_execution_exception") + "]}"});
        responses.add(new String[]{"200", "{\"took\":1,\"errors\":false,\"items\":[" + item("d#1", 201, null) + "]}"});

        List<String> refused = writer.write("idx", List.of(chunk(0), chunk(1)), List.of(), 1L);

        assertThat(refused).isEmpty();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).contains("\"d#1\"").doesNotContain("\"d#0\"");
    }

    @Test
    void retriesAWholeRequestThatFailedWithA503() {
        responses.add(new String[]{"503", "{\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":\"no shard\"},\"status\":503}"});
        responses.add(new String[]{"200", "{\"took\":1,\"errors\":false,\"items\":[" + item("d#0", 201, null) + "]}"});

        assertThat(writer.write("idx", List.of(chunk(0)), List.of(), 1L)).isEmpty();
        assertThat(requests).hasSize(2);
    }

    @Test
    void givesUpWithATransientErrorAfterTheAttemptLimit() {
        responses.add(new String[]{"200", "{\"took\":1,\"errors\":true,\"items\":[" + item("d#0", 429, "es_rejected_execution_exception") + "]}"});

        assertThatThrownBy(() -> writer.write("idx", List.of(chunk(0)), List.of(), 1L))
                .isInstanceOf(TransientIndexingException.class).hasMessageContaining("after 3 attempts");
        assertThat(requests).hasSize(3);
    }

    private static String item(String id, int status, String errorType) {
        String error = errorType == null ? "" : ",\"error\":{\"type\":\"" + errorType + "\",\"reason\":\"busy\"}";
        return "{\"index\":{\"_index\":\"idx\",\"_id\":\"" + id + "\",\"status\":" + status + error + "}}";
    }

    private static ChunkDocument chunk(int n) {
        return new ChunkDocument("d", n, "s", "l", null, null, null, null, "t", "", "text", "h", null, null, null, 1, null, null, new float[]{1f});
    }
}
