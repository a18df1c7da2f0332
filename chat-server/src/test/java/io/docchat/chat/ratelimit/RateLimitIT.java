package io.docchat.chat.ratelimit;

import io.docchat.chat.search.RedisKeys;
import io.docchat.chat.search.ServerInstance;
import io.docchat.chat.security.Tokens;
import io.docchat.elastic.testing.TcpProxy;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RateLimitIT {

    private static final String SEARCH = "/api/v1/search?q=install&k=2";

    private static Map<String, String> props(String prefix) {
        Map<String, String> p = new HashMap<>();
        p.put("docchat.ratelimit.capacity", "5");
        p.put("docchat.ratelimit.key-prefix", prefix);
        p.put("docchat.cache.key-prefix", prefix + "cache:");
        p.put("docchat.security.anonymous", "false");
        p.put("docchat.security.jwt.secret", Tokens.SECRET);
        p.put("docchat.security.jwt.issuer", Tokens.ISSUER);
        return p;
    }

    @Test
    void limitIsSharedByTwoInstancesThroughRedisAnd429CarriesTheHeaders() throws Exception {
        String prefix = "it-rl-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String alice = Tokens.user("alice-" + UUID.randomUUID());
        try (RedisKeys keys = new RedisKeys();
             ServerInstance a = new ServerInstance(props(prefix));
             ServerInstance b = new ServerInstance(props(prefix))) {
            try {
                ServerInstance[] order = {a, b, a, b, a};
                for (int i = 0; i < order.length; i++) {
                    HttpResponse<String> ok = order[i].get(SEARCH, alice);
                    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
                    assertThat(ok.headers().firstValue("RateLimit-Policy")).hasValue("5;w=3600");
                    assertThat(ok.headers().firstValue("RateLimit").orElseThrow()).startsWith("limit=5, remaining=" + (4 - i) + ",");
                }
                // b answered its first request from the result a had put into the shared tier
                assertThat(b.counter("docchat.cache.requests", "cache", "results", "tier", "l2", "result", "hit")).isEqualTo(1.0);
                for (ServerInstance s : new ServerInstance[]{b, a}) {
                    HttpResponse<String> limited = s.get(SEARCH, alice);
                    assertThat(limited.statusCode()).isEqualTo(429);
                    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
                    assertThat(limited.headers().firstValue("RateLimit").orElseThrow()).startsWith("limit=5, remaining=0, reset=");
                    assertThat(limited.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                }
                assertThat(a.counter("docchat.ratelimit.rejections", "caller", "principal")).isEqualTo(1.0);
                // per principal: another user still has a full bucket
                assertThat(b.get(SEARCH, Tokens.user("bob-" + UUID.randomUUID())).statusCode()).isEqualTo(200);
            } finally {
                keys.deleteAll(prefix);
            }
        }
    }

    /**
     * A busy caller (capacity 200, 5 % unsynced = 10 requests per instance between trips to Redis): the two
     * instances together let through at least the capacity and at most 10 more each, then refuse, and most
     * decisions take no trip to Redis.
     */
    @Test
    void aBusyCallersLimitHoldsAcrossInstancesWithinTheUnsyncedShare() throws Exception {
        String prefix = "it-rl-busy-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String erin = Tokens.user("erin-" + UUID.randomUUID());
        Map<String, String> p = props(prefix);
        p.put("docchat.ratelimit.capacity", "200");
        p.put("docchat.ratelimit.unsynced-share", "0.05");
        p.put("docchat.ratelimit.unsynced-max-age", "1h");
        p.put("docchat.ratelimit.period", "24h");
        try (RedisKeys keys = new RedisKeys();
             ServerInstance a = new ServerInstance(p);
             ServerInstance b = new ServerInstance(p)) {
            try {
                int allowed = 0;
                boolean[] refused = new boolean[2];
                for (int i = 0; i < 260; i++) {
                    HttpResponse<String> r = (i % 2 == 0 ? a : b).get(SEARCH, erin);
                    if (r.statusCode() == 200) {
                        allowed++;
                        // an instance's view only falls (the refill is one token in 7 minutes), so once it has
                        // refused, it lets nothing more through; the other may still spend its stale view
                        assertThat(refused[i % 2]).as("let through after a refusal, request " + i).isFalse();
                    } else {
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                        refused[i % 2] = true;
                    }
                }
                assertThat(refused).containsOnly(true);
                assertThat(allowed).isBetween(200, 220);
                double skipped = a.counter("docchat.ratelimit.redis.skipped") + b.counter("docchat.ratelimit.redis.skipped");
                assertThat(skipped).as("decisions without a trip to Redis").isGreaterThanOrEqualTo(150);
                assertThat(a.counter("docchat.ratelimit.local.fallback") + b.counter("docchat.ratelimit.local.fallback")).isZero();
                assertThat(keys.keys(prefix + "user:")).hasSize(1);
            } finally {
                keys.deleteAll(prefix);
            }
        }
    }

    @Test
    void anonymousCallersAreLimitedPerIp() throws Exception {
        String prefix = "it-rl-anon-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        Map<String, String> p = props(prefix);
        p.put("docchat.security.anonymous", "true");
        p.put("docchat.ratelimit.anonymous-capacity", "3");
        try (RedisKeys keys = new RedisKeys(); ServerInstance s = new ServerInstance(p)) {
            try {
                for (int i = 0; i < 3; i++) {
                    assertThat(s.get(SEARCH, null).statusCode()).isEqualTo(200);
                }
                HttpResponse<String> limited = s.get(SEARCH, null);
                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(limited.headers().firstValue("RateLimit-Policy")).hasValue("3;w=3600");
                assertThat(s.counter("docchat.ratelimit.rejections", "caller", "anonymous")).isEqualTo(1.0);
                assertThat(keys.keys(prefix + "ip:")).hasSize(1);
                // a signed-in user on the same IP has a bucket of their own
                assertThat(s.get(SEARCH, Tokens.user("dave-" + UUID.randomUUID())).statusCode()).isEqualTo(200);
            } finally {
                keys.deleteAll(prefix);
            }
        }
    }

    /** Decided in {@link RateLimiter}: with Redis down each instance limits alone; Redis back, it is shared again. */
    @Test
    void withRedisDownEachInstanceEnforcesTheLimitLocallyWithoutErrorsAndRedisTakesOverWhenBack() throws Exception {
        String prefix = "it-rl-down-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String carolId = "carol-" + UUID.randomUUID();
        String daveId = "dave-" + UUID.randomUUID();
        try (RedisKeys keys = new RedisKeys();
             TcpProxy redis = new TcpProxy(TestServices.redisHost(), TestServices.redisPort())) {
            redis.cut();
            Map<String, String> p = props(prefix);
            p.put("spring.data.redis.port", String.valueOf(redis.port()));
            p.put("docchat.ratelimit.breaker-open-for", "1s");
            try (ServerInstance s = new ServerInstance(p)) {
                String carol = Tokens.user(carolId);
                for (int i = 0; i < 5; i++) {
                    assertThat(s.get(SEARCH, carol).statusCode()).isEqualTo(200);
                }
                assertThat(s.get(SEARCH, carol).statusCode()).isEqualTo(429);
                assertThat(s.counter("docchat.ratelimit.local.fallback")).isGreaterThanOrEqualTo(6.0);
                assertThat(s.gauge("docchat.ratelimit.redis.breaker.open")).isEqualTo(1.0);

                redis.start();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() ->
                        s.get(SEARCH, Tokens.user("probe-" + UUID.randomUUID())).statusCode() == 200
                                && s.gauge("docchat.ratelimit.redis.breaker.open") == 0.0);
                double fallbacks = s.counter("docchat.ratelimit.local.fallback");
                String dave = Tokens.user(daveId);
                for (int i = 0; i < 5; i++) {
                    assertThat(s.get(SEARCH, dave).statusCode()).isEqualTo(200);
                }
                assertThat(s.get(SEARCH, dave).statusCode()).isEqualTo(429);
                assertThat(s.counter("docchat.ratelimit.local.fallback")).isEqualTo(fallbacks);
                assertThat(keys.keys(prefix)).anyMatch(k -> k.contains(daveId)).noneMatch(k -> k.contains(carolId));
            } finally {
                keys.deleteAll(prefix);
            }
        }
    }
}
