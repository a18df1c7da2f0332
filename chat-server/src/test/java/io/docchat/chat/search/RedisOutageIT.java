package io.docchat.chat.search;

import io.docchat.elastic.testing.TcpProxy;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis cut in the middle of a run of searches: no errors, L1 answers alone fast, and L2 comes back by itself. */
class RedisOutageIT {

    private static final List<String> QUERIES = List.of("restore a snapshot", "install the server", "error codes",
            "invoice pdf", "single sign-on", "storage quota", "beacon alerts", "cache size");

    @Test
    void searchesSurviveARedisOutageAndTheSharedTierRecovers() throws Exception {
        String prefix = "it-outage-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (TcpProxy redis = new TcpProxy(TestServices.redisHost(), TestServices.redisPort());
             RedisKeys keys = new RedisKeys();
             ServerInstance server = new ServerInstance(Map.of(
                     "spring.data.redis.port", String.valueOf(redis.port()),
                     "docchat.cache.key-prefix", prefix,
                     "docchat.cache.breaker-open-for", "1s",
                     "docchat.ratelimit.key-prefix", prefix + "rl:",
                     "docchat.security.anonymous", "true",
                     "docchat.ratelimit.anonymous-capacity", "100000"))) {
            try {
                for (String q : QUERIES) {
                    assertThat(search(server, q).statusCode()).isEqualTo(200);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> keys.keys(prefix + "results:").size() >= QUERIES.size());

                redis.cut();
                int errors = 0;
                long slowestCachedMs = 0;
                for (int round = 0; round < 5; round++) {
                    for (String q : QUERIES) {
                        long start = System.nanoTime();
                        HttpResponse<String> r = search(server, q);
                        slowestCachedMs = Math.max(slowestCachedMs, (System.nanoTime() - start) / 1_000_000);
                        errors += r.statusCode() == 200 ? 0 : 1;
                    }
                    // a query never seen before still works: L2 is skipped, the model and Elasticsearch answer
                    errors += search(server, "new during outage " + round + " " + UUID.randomUUID()).statusCode() == 200 ? 0 : 1;
                }
                assertThat(errors).isZero();
                assertThat(slowestCachedMs).as("L1 answers alone").isLessThanOrEqualTo(100);
                assertThat(server.counter("docchat.cache.requests", "cache", "results", "tier", "l2", "result", "error")).isPositive();
                // the breaker judges the last 5 s: once the failures outweigh the successes from before the cut,
                // it stops calling Redis; searches keep working all the while
                int[] laterErrors = {0};
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    laterErrors[0] += search(server, "while Redis is away " + UUID.randomUUID()).statusCode() == 200 ? 0 : 1;
                    return server.gauge("docchat.cache.redis.breaker.open", "cache", "results") == 1.0;
                });
                assertThat(laterErrors[0]).isZero();

                int writtenBeforeRecovery = keys.keys(prefix + "results:").size();
                redis.start();
                // nothing is written while Redis is away, so any new key proves the shared tier is used again
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    assertThat(search(server, "after recovery " + UUID.randomUUID()).statusCode()).isEqualTo(200);
                    return keys.keys(prefix + "results:").size() > writtenBeforeRecovery;
                });
                assertThat(server.gauge("docchat.cache.redis.breaker.open", "cache", "results")).isEqualTo(0.0);
            } finally {
                keys.deleteAll(prefix);
            }
        }
    }

    private static HttpResponse<String> search(ServerInstance server, String q) throws Exception {
        return server.get("/api/v1/search?k=3&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null);
    }
}
