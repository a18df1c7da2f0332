package io.docchat.chat.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.testing.ChatClient;
import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Analytics events reach the Elasticsearch data stream (real cluster) with its lifecycle policy, carry a keyed
 * hash instead of the user id, and cost a request nothing when the analytics cluster does not answer.
 */
class AnalyticsStreamIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "it-analytics-hash-key";

    private final ChatStack stack = ChatStack.get();

    /**
     * The test servers share one data stream (this Elasticsearch build has no data stream API to delete one
     * again); a test's events are told apart by their user hash.
     */
    @Test
    void chatSearchAndFeedbackEventsArriveHashedInTheDataStream() throws Exception {
        String stream = ChatStack.ANALYTICS_STREAM;
        try (ChatStack.Server server = stack.startServer(Map.of("docchat.analytics.hash-key", KEY,
                "docchat.analytics.flush-interval", "100ms"))) {
            stack.llm().reset();
            stack.clearAnswerCache();
            stack.llm().respondWith(r -> FakeOpenAi.answer("Add more nodes to spread shards [1]."));
            ChatClient user = server.newUser();
            ChatClient.Stream chat = user.chat("How do I add more nodes to spread shards and share the query load?", null);
            assertThat(chat.has("done")).isTrue();
            assertThat(user.post("/api/v1/messages/" + chat.messageId() + "/feedback",
                    "{\"rating\":\"down\",\"reason\":\"too short\"}").status()).isEqualTo(204);
            assertThat(user.get("/api/v1/search?q=replicas%20survive%20node%20loss").status()).isEqualTo(200);

            String hash = new UserHash(KEY).of(user.userId());
            List<JsonNode> hits = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> hits(stream, hash), e -> e.size() >= 3);
            assertThat(hits).allSatisfy(h -> assertThat(h.path("_index").asText()).startsWith(".ds-" + stream + "-"));
            List<JsonNode> events = hits.stream().map(h -> h.path("_source")).toList();
            JsonNode chatEvent = kind(events, "chat");
            JsonNode feedback = kind(events, "feedback");
            JsonNode search = kind(events, "search");

            for (JsonNode e : List.of(chatEvent, feedback, search)) {
                assertThat(e.path("user").path("hash").asText()).isEqualTo(hash);
                assertThat(e.toString()).doesNotContain(user.userId()).doesNotContain(user.userId().substring("anon:".length()));
            }
            assertThat(chatEvent.path("query").asText()).isEqualTo("How do I add more nodes to spread shards and share the query load?");
            assertThat(chatEvent.path("answer").path("mode").asText()).isEqualTo("llm");
            assertThat(chatEvent.path("content_gap").asBoolean()).isFalse();
            assertThat(chatEvent.path("model").asText()).isNotBlank();
            assertThat(chatEvent.path("cost_usd").asDouble()).isPositive();
            assertThat(chatEvent.path("sources")).isNotEmpty();
            assertThat(feedback.path("feedback").path("rating").asText()).isEqualTo("down");
            assertThat(feedback.path("sources")).isEqualTo(chatEvent.path("sources"));
            assertThat(feedback.path("message").path("id").asText()).isEqualTo(chat.messageId().toString());
            assertThat(search.path("results").path("count").asInt()).isPositive();
            assertThat(search.path("query").asText()).isEqualTo("replicas survive node loss");

            // the template the app installed: a data stream, kept 400 days by its lifecycle, mapping strict
            JsonNode template = es("GET", "/_index_template/" + stream).path("index_templates").get(0).path("index_template");
            assertThat(template.has("data_stream")).isTrue();
            assertThat(template.path("template").path("lifecycle").path("data_retention").asText()).isEqualTo("400d");
            assertThat(template.path("template").path("mappings").path("dynamic").asText()).isEqualTo("strict");
        }
    }

    /** An analytics cluster that accepts connections and never answers: chats stay fast, events are dropped. */
    @Test
    void anUnansweringAnalyticsClusterNeitherSlowsNorFailsAnswers() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ChatStack.Server server = stack.startServer(Map.of(
                     "docchat.analytics.uris", "http://127.0.0.1:" + blackHole.getLocalPort(),
                     "docchat.analytics.data-stream", "docchat-analytics-it",
                     "docchat.analytics.queue-capacity", "2",
                     "docchat.analytics.flush-interval", "50ms"))) {
            stack.llm().reset();
            stack.llm().respondWith(r -> FakeOpenAi.answer("Snapshots go to S3 at 02:00 [1]."));
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ChatClient user = server.newUser();
                long t0 = System.nanoTime();
                ChatClient.Stream s = user.chat("Where do the nightly snapshots go? (" + i + ")", null);
                millis.add((System.nanoTime() - t0) / 1_000_000);
                assertThat(s.status()).isEqualTo(200);
                assertThat(s.has("done")).as("answer %d: %s", i, s.names()).isTrue();
                assertThat(user.get("/api/v1/search?q=snapshots").status()).isEqualTo(200);
            }
            // the writer waits 10 s (its socket timeout) on the first bulk request; the answers did not
            assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(5_000));
            double dropped = server.meterRegistry().get("docchat.analytics.events").tag("outcome", "dropped").counter().count();
            assertThat(dropped).isPositive();
        }
    }

    private static JsonNode kind(List<JsonNode> events, String kind) {
        return events.stream().filter(e -> kind.equals(e.path("event").path("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " event in " + events));
    }

    private static List<JsonNode> hits(String stream, String userHash) throws Exception {
        es("POST", "/" + stream + "/_refresh");
        JsonNode hits = es("GET", "/" + stream + "/_search?size=50&q=user.hash:" + userHash).path("hits").path("hits");
        List<JsonNode> out = new ArrayList<>();
        hits.forEach(out::add);
        return out;
    }

    private static JsonNode es(String method, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(TestServices.elasticsearch() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
    }
}
