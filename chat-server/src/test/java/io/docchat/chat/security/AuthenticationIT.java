package io.docchat.chat.security;

import io.docchat.chat.search.SearchStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationIT extends SearchStack {

    private static final String SEARCH = "/api/v1/search?q=install";
    private static final String ADMIN = "/api/v1/admin/api-keys";

    @Autowired
    ApiKeys keys;

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void validUserTokenIsServed() throws Exception {
        assertThat(get(SEARCH, Tokens.user("alice")).statusCode()).isEqualTo(200);
    }

    @Test
    void missingExpiredWrongIssuerUnsignedAndTamperedTokensAre401() throws Exception {
        String expired = Tokens.token("alice", List.of("user"), Tokens.ISSUER, Instant.now().minus(Duration.ofMinutes(5)), Tokens.SECRET);
        String wrongIssuer = Tokens.token("alice", List.of("user"), "https://evil.example", Instant.now().plusSeconds(600), Tokens.SECRET);
        String wrongKey = Tokens.token("alice", List.of("user"), Tokens.ISSUER, Instant.now().plusSeconds(600),
                "another-secret-that-is-long-enough-0123456789");
        assertUnauthorized(get(SEARCH, null));
        for (String token : List.of(expired, wrongIssuer, wrongKey, Tokens.unsigned("alice"), Tokens.tampered("alice"), "garbage")) {
            assertUnauthorized(get(SEARCH, token));
        }
    }

    @Test
    void userOnAnAdminRouteIs403AndAdminIsServed() throws Exception {
        HttpResponse<String> user = get(ADMIN, Tokens.user("alice"));
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(get(ADMIN, Tokens.admin("root")).statusCode()).isEqualTo(200);
        assertThat(get(SEARCH, Tokens.user("alice")).statusCode()).isEqualTo(200);
    }

    /** Metrics are served on the management port without credentials; the app port serves only the probes. */
    @Test
    void actuatorIsOnTheManagementPortOnly() throws Exception {
        assertThat(get(SEARCH, Tokens.user("alice")).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("chat_queries_total{api=\"search\"", "chat_response_time_seconds_bucket{",
                "docchat_search_stage_seconds_count{", "docchat_cache_requests_total{cache=\"results\"",
                "docchat_cache_redis_breaker_open{");
        assertUnauthorized(get("/actuator/prometheus", null));
        assertThat(get("/actuator/prometheus", Tokens.user("alice")).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/prometheus", Tokens.admin("root")).statusCode()).isEqualTo(404);
        assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
        assertThat(get("/livez", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(401);
    }

    @Test
    void apiKeyWorksUntilRevokedThen401() throws Exception {
        ApiKeys.Issued issued = keys.issue("ci-bot", Set.of("USER"));
        assertThat(withKey(SEARCH, issued.secret()).statusCode()).isEqualTo(200);
        assertThat(withKey(ADMIN, issued.secret()).statusCode()).isEqualTo(403);
        assertThat(keys.revoke(issued.key().id())).isTrue();
        assertUnauthorized(withKey(SEARCH, issued.secret()));
        assertUnauthorized(withKey(SEARCH, "dck_not-a-key"));
    }

    @Test
    void adminIssuesKeysThroughTheApiAndStoresOnlyAHash() throws Exception {
        HttpResponse<String> created = post(ADMIN, "{\"name\":\"docs-site\",\"roles\":[\"USER\"]}", Tokens.admin("root"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = created.body().replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
        assertThat(secret).startsWith("dck_");
        assertThat(withKey(SEARCH, secret).statusCode()).isEqualTo(200);
        assertThat(get(ADMIN, Tokens.admin("root")).body()).doesNotContain(secret).contains("docs-site");
    }

    private HttpResponse<String> withKey(String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    }
}
