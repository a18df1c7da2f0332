package io.docchat.chat.search;

import io.docchat.elastic.testing.TcpProxy;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis answering after 400 ms: no errors, Redis is given up on quickly, cached answers come back within 100 ms. */
class RedisSlowIT {

    @Test
    void aSlowRedisIsCutOffAndTheL1AnswersAlone() throws Exception {
        String prefix = "it-slow-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (TcpProxy redis = new TcpProxy(TestServices.redisHost(), TestServices.redisPort());
             RedisKeys keys = new RedisKeys();
             ServerInstance server = new ServerInstance(Map.of(
                     "spring.data.redis.port", String.valueOf(redis.port()),
                     "docchat.cache.key-prefix", prefix,
                     "docchat.cache.breaker-open-for", "2s",
                     "docchat.ratelimit.key-prefix", prefix + "rl:",
                     "docchat.ratelimit.breaker-open-for", "2s",
                     // every decision goes to Redis, as a caller near its limit's would: the fallback is under test
                     "docchat.ratelimit.unsynced-share", "0",
                     "docchat.security.anonymous", "true",
                     "docchat.ratelimit.anonymous-capacity", "100000"))) {
            try {
                assertThat(search(server, "restore a snapshot").statusCode()).isEqualTo(200);
                redis.delay(400);
                int errors = 0;
                long slowestLaterMs = 0;
                for (int i = 0; i < 30; i++) {
                    long start = System.nanoTime();
                    errors += search(server, "restore a snapshot").statusCode() == 200 ? 0 : 1;
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (i >= 10) { // once the breakers have seen enough failures
                        slowestLaterMs = Math.max(slowestLaterMs, ms);
                    }
                }
                long start = System.nanoTime();
                errors += search(server, "a new question while Redis is slow " + UUID.randomUUID()).statusCode() == 200 ? 0 : 1;
                long newQuestionMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(errors).isZero();
                assertThat(slowestLaterMs).as("cached answers with Redis cut off").isLessThanOrEqualTo(100);
                // the cache gave up on Redis after its 50 ms timeout instead of waiting 400 ms per read
                assertThat(server.counter("docchat.cache.requests", "cache", "results", "tier", "l2", "result", "error")).isPositive();
                assertThat(newQuestionMs).isLessThan(400);
                assertThat(server.counter("docchat.ratelimit.local.fallback")).isPositive();

                redis.delay(0);
                int before = keys.keys(prefix + "results:").size();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    assertThat(search(server, "after the slow spell " + UUID.randomUUID()).statusCode()).isEqualTo(200);
                    return keys.keys(prefix + "results:").size() > before;
                });
            } finally {
                keys.deleteAll(prefix);
            }
        }
    }

    private static HttpResponse<String> search(ServerInstance server, String q) throws Exception {
        return server.get("/api/v1/search?k=3&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null);
    }
}
