package io.docchat.chat.search;

import io.docchat.chat.security.Tokens;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * One chat server for the search, cache and security ITs (Spring caches the context across them): real
 * Elasticsearch with the {@link SearchIndex}, PostgreSQL {@code docchat_test}, Redis with a unique key
 * prefix, the real model; JWT (HS256 + issuer) on and anonymous access off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CountingBeans.class)
public abstract class SearchStack {

    protected static final String REDIS_PREFIX = "it-search-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("docchat.elastic.uris", () -> TestServices.elasticsearch().toString());
        registry.add("docchat.elastic.index-prefix", () -> SearchIndex.get().prefix());
        registry.add("spring.datasource.url", TestServices::jdbcUrl);
        registry.add("spring.datasource.username", TestServices::jdbcUser);
        registry.add("spring.datasource.password", TestServices::jdbcPassword);
        registry.add("spring.data.redis.host", TestServices::redisHost);
        registry.add("spring.data.redis.port", TestServices::redisPort);
        registry.add("docchat.cache.key-prefix", () -> REDIS_PREFIX);
        registry.add("docchat.ratelimit.key-prefix", () -> REDIS_PREFIX + "rl:");
        registry.add("docchat.ratelimit.capacity", () -> "1000000");
        registry.add("docchat.ratelimit.anonymous-capacity", () -> "1000000");
        registry.add("docchat.search.generation-ttl", () -> "200ms");
        registry.add("docchat.security.anonymous", () -> "false");
        registry.add("docchat.security.jwt.secret", () -> Tokens.SECRET);
        registry.add("docchat.security.jwt.issuer", () -> Tokens.ISSUER);
        registry.add("docchat.analytics.data-stream", () -> "docchat-analytics-it");
    }

    @AfterAll
    static void removeRedisKeys() {
        try (RedisKeys keys = new RedisKeys()) {
            keys.deleteAll(REDIS_PREFIX);
        }
    }

    protected HttpResponse<String> get(String pathAndQuery, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String json, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
