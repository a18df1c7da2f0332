package io.docchat.chat.ratelimit;

import io.docchat.chat.search.RedisKeys;
import io.docchat.chat.search.ServerInstance;
import io.docchat.chat.security.Tokens;
import io.docchat.elastic.testing.TcpProxy;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void withRedisDownEachInstanceEnforcesTheLimitLocallyWithoutErrors() throws Exception {
        String prefix = "it-rl-down-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String carol = Tokens.user("carol-" + UUID.randomUUID());
        try (TcpProxy redis = new TcpProxy(TestServices.redisHost(), TestServices.redisPort())) {
            redis.cut();
            Map<String, String> p = props(prefix);
            p.put("spring.data.redis.port", String.valueOf(redis.port()));
            try (ServerInstance s = new ServerInstance(p)) {
                for (int i = 0; i < 5; i++) {
                    assertThat(s.get(SEARCH, carol).statusCode()).isEqualTo(200);
                }
                assertThat(s.get(SEARCH, carol).statusCode()).isEqualTo(429);
                assertThat(s.counter("docchat.ratelimit.local.fallback")).isGreaterThanOrEqualTo(6.0);
            }
        }
    }
}
