package io.docchat.chat.search;

import io.docchat.elastic.testing.TcpProxy;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Elasticsearch unreachable: a retryable 503 problem, cached answers still served, and back when it returns. */
class ElasticsearchOutageIT {

    @Test
    void searchAnswers503WhileElasticsearchIsAwayAndRecovers() throws Exception {
        URI es = TestServices.elasticsearch();
        String prefix = "it-es-outage-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (TcpProxy proxy = new TcpProxy(es.getHost(), es.getPort());
             RedisKeys keys = new RedisKeys();
             ServerInstance server = new ServerInstance(Map.of(
                     "docchat.elastic.uris", "http://127.0.0.1:" + proxy.port(),
                     "docchat.search.generation-ttl", "100ms",
                     "docchat.cache.key-prefix", prefix,
                     "docchat.ratelimit.key-prefix", prefix + "rl:",
                     "docchat.security.anonymous", "true",
                     "docchat.ratelimit.anonymous-capacity", "100000"))) {
            try {
                assertThat(server.get("/api/v1/search?q=install", null).statusCode()).isEqualTo(200);
                proxy.cut();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    HttpResponse<String> down = server.get("/api/v1/search?q=invoices+" + UUID.randomUUID(), null);
                    assertThat(down.statusCode()).isEqualTo(503);
                    assertThat(down.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                    assertThat(down.headers().firstValue("Retry-After")).isPresent();
                });
                assertThat(server.counter("chat.queries", "api", "search", "status", "error")).isPositive();
                // the answer cached before the outage is still served (last known index generation)
                HttpResponse<String> cached = server.get("/api/v1/search?q=install", null);
                assertThat(cached.statusCode()).isEqualTo(200);
                assertThat(cached.body()).contains("\"cached\":true");
                proxy.start();
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(server.get("/api/v1/search?q=invoices", null).statusCode()).isEqualTo(200));
            } finally {
                keys.deleteAll(prefix);
            }
        }
    }
}
