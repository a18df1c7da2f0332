package io.docchat.indexer.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AdminApiIT {

    @TempDir
    Path docs;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void triggersARunReportsItAndAnswersErrorsAsProblemDetails() throws Exception {
        for (int i = 0; i < 4; i++) {
            Files.writeString(docs.resolve("p" + i + ".md"), "# Page " + i + "\n\nAdmin API page " + i + ".\n");
        }
        String prefix = TestServices.uniquePrefix("admin");
        try (IndexerApp app = IndexerApp.start(prefix, IndexerApp.baseProperties(prefix, docs))) {
            int port = ((WebServerApplicationContext) app.context).getWebServer().getPort();
            String base = "http://127.0.0.1:" + port + "/admin";

            HttpResponse<String> accepted = send("POST", base + "/runs?mode=full");
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(accepted.headers().firstValue("Location")).contains("/admin/runs/current");

            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode runs = json.readTree(send("GET", base + "/runs").body());
                return runs.size() == 1 && runs.get(0).get("status").asText().equals("COMPLETED");
            });
            JsonNode run = json.readTree(send("GET", base + "/runs").body()).get(0);
            assertThat(run.at("/parameters/mode").asText()).isEqualTo("full");
            assertThat(run.at("/steps/index/read").asInt()).isEqualTo(4);
            assertThat(run.at("/steps/index/chunks").asInt()).isEqualTo(4);
            assertThat(send("GET", base + "/runs/current").statusCode()).isEqualTo(204);
            // after a run, the management port exports every indexer metric the alerts and dashboards use
            String scrape = send("GET", "http://127.0.0.1:" + app.context.getEnvironment().getProperty("local.management.port")
                    + "/actuator/prometheus").body();
            assertThat(io.docchat.elastic.testing.ExportedMetrics.missing(scrape, "batch-indexer")).isEmpty();
            assertThat(json.readTree(send("GET", base + "/dead-letters").body()).isArray()).isTrue();
            assertThat(json.readTree(send("GET", base + "/runs/" + run.get("id").asLong() + "/skipped").body()).size()).isZero();

            HttpResponse<String> bad = send("POST", base + "/runs?mode=sideways");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
            assertThat(json.readTree(bad.body()).get("detail").asText()).contains("sideways");
            assertThat(send("POST", base + "/runs?source=nowhere").statusCode()).isEqualTo(400);

            // Nothing older to go back to yet; after a second build, rollback returns to the first version.
            assertThat(send("POST", base + "/rollback").statusCode()).isEqualTo(409);
            String first = app.liveIndex();
            assertThat(app.run(io.docchat.indexer.job.RunMode.FULL).getStatus().toString()).isEqualTo("COMPLETED");
            assertThat(app.liveIndex()).isNotEqualTo(first);
            HttpResponse<String> rolledBack = send("POST", base + "/rollback");
            assertThat(rolledBack.statusCode()).isEqualTo(200);
            assertThat(json.readTree(rolledBack.body()).get("live").asText()).isEqualTo(first);
            assertThat(app.liveIndex()).isEqualTo(first);
        }
    }

    @Test
    void onceCredentialsAreConfiguredTheAdminApiNeedsTheAdminRole() throws Exception {
        Files.writeString(docs.resolve("a.md"), "# A\n\nSecured admin page.\n");
        String prefix = TestServices.uniquePrefix("admin-sec");
        String secret = "0123456789abcdef0123456789abcdef-test-only";
        var props = IndexerApp.baseProperties(prefix, docs);
        // the variables operators set (README, compose, k8s), resolved by application.yml's placeholders
        props.put("DOCCHAT_ADMIN_API_KEY", "test-admin-key");
        props.put("DOCCHAT_JWT_SECRET", secret);
        props.put("DOCCHAT_JWT_AUDIENCE", "docchat");
        try (IndexerApp app = IndexerApp.start(prefix, props)) {
            int port = ((WebServerApplicationContext) app.context).getWebServer().getPort();
            String runs = "http://127.0.0.1:" + port + "/admin/runs";

            assertThat(send("GET", runs).statusCode()).isEqualTo(401);
            assertThat(send("GET", runs, "X-API-Key", "wrong").statusCode()).isEqualTo(401);
            assertThat(send("GET", runs, "X-API-Key", "test-admin-key").statusCode()).isEqualTo(200);
            assertThat(send("GET", runs, "Authorization", "Bearer " + jwt(secret, "ADMIN")).statusCode()).isEqualTo(200);
            // the same verification as chat-server: a token for another audience is refused
            assertThat(send("GET", runs, "Authorization", "Bearer " + jwt(secret, "ADMIN", "another-app")).statusCode()).isEqualTo(401);
            assertThat(send("GET", runs, "Authorization", "Bearer " + jwt(secret, "USER")).statusCode()).isEqualTo(403);
            assertThat(send("GET", runs, "Authorization", "Bearer " + jwt("another-secret-another-secret-0123", "ADMIN")).statusCode()).isEqualTo(401);
            // the app port serves the probes only; the actuator is on the management port, open there (issue 18)
            assertThat(send("GET", "http://127.0.0.1:" + port + "/readyz").statusCode()).isIn(200, 503);
            assertThat(send("GET", "http://127.0.0.1:" + port + "/actuator/prometheus").statusCode()).isEqualTo(401);
            assertThat(send("GET", "http://127.0.0.1:" + port + "/actuator/prometheus", "X-API-Key", "test-admin-key")
                    .statusCode()).isEqualTo(404);
            String management = "http://127.0.0.1:" + app.context.getEnvironment().getProperty("local.management.port");
            HttpResponse<String> metrics = send("GET", management + "/actuator/prometheus");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }
    }

    private static String jwt(String secret, String role) throws Exception {
        return jwt(secret, role, "docchat");
    }

    private static String jwt(String secret, String role, String audience) throws Exception {
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("ops").claim("roles", java.util.List.of(role))
                .audience(audience)
                .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000)).build();
        var token = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
        token.sign(new com.nimbusds.jose.crypto.MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return token.serialize();
    }

    private HttpResponse<String> send(String method, String uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
