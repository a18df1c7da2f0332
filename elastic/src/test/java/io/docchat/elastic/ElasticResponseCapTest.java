package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client buffers at most {@code max-response-size} of a response: a node that answers a search with a body
 * past the cap fails the request (an IOException the apps turn into a 503), one under it is read; the client keeps
 * its own headers (the cap is added to the transport's options, not put in their place).
 */
class ElasticResponseCapTest {

    private HttpServer server;
    private final AtomicInteger padding = new AtomicInteger();
    private volatile String userAgent;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
            exchange.getRequestBody().readAllBytes();
            String body = "{\"took\":1,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0},"
                    + "\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},\"max_score\":1.0,\"hits\":[{\"_index\":\"i\",\"_id\":\"1\","
                    + "\"_score\":1.0,\"_source\":{\"text\":\"" + "x".repeat(padding.get()) + "\"}}]}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-elastic-product", "Elasticsearch");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aResponsePastTheCapFailsTheRequestAndOneUnderItIsRead() throws Exception {
        ElasticsearchClient client = ElasticClientFactory.create(props(DataSize.ofKilobytes(64)));
        try {
            padding.set(10_000);
            SearchResponse<ObjectNode> ok = client.search(s -> s.index("i"), ObjectNode.class);
            assertThat(ok.hits().hits().getFirst().source().get("text").asText()).hasSize(10_000);
            assertThat(userAgent).startsWith("elastic-java/");

            padding.set(200_000);
            assertThatThrownBy(() -> client.search(s -> s.index("i"), ObjectNode.class))
                    .isInstanceOf(java.io.IOException.class).hasStackTraceContaining("entity content is too long");
        } finally {
            ((RestClientTransport) client._transport()).restClient().close();
        }
    }

    @Test
    void theDefaultCapIs64MegabytesNotTheLowLevelClients100() {
        ElasticProperties defaults = ElasticProperties.local("http://127.0.0.1:9200", "x");
        assertThat(defaults.maxResponseSize()).isEqualTo(DataSize.ofMegabytes(64));
    }

    private ElasticProperties props(DataSize cap) {
        return new ElasticProperties(List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), null, null, null, null,
                "i", 1, 0, 2, Duration.ofSeconds(5), Duration.ofSeconds(5), cap);
    }
}
