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
            assertThat(json.readTree(send("GET", base + "/dead-letters").body()).isArray()).isTrue();
            assertThat(json.readTree(send("GET", base + "/runs/" + run.get("id").asLong() + "/skipped").body()).size()).isZero();

            HttpResponse<String> bad = send("POST", base + "/runs?mode=sideways");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
            assertThat(json.readTree(bad.body()).get("detail").asText()).contains("sideways");
            assertThat(send("POST", base + "/runs?source=nowhere").statusCode()).isEqualTo(400);
        }
    }

    private HttpResponse<String> send(String method, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
