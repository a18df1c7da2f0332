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
import java.util.UUID;

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

    @Test
    void chatSearchAndFeedbackEventsArriveHashedInTheDataStream() throws Exception {
        String stream = "docchat-analytics-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (ChatStack.Server server = stack.startServer(Map.of("docchat.analytics.data-stream", stream,
                "docchat.analytics.hash-key", KEY, "docchat.analytics.flush-interval", "100ms"))) {
            stack.llm().reset();
            stack.clearAnswerCache();
            stack.llm().respondWith(r -> FakeOpenAi.answer("Add more nodes to spread shards [1]."));
            ChatClient user = server.newUser();
            ChatClient.Stream chat = user.chat("How do I scale out the cluster?", null);
            assertThat(chat.has("done")).isTrue();
            assertThat(user.post("/api/v1/messages/" + chat.messageId() + "/feedback",
                    "{\"rating\":\"down\",\"reason\":\"too short\"}").status()).isEqualTo(204);
            assertThat(user.get("/api/v1/search?q=replicas%20survive%20node%20loss").status()).isEqualTo(200);

            List<JsonNode> events = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> events(stream), e -> e.size() >= 3);
            JsonNode chatEvent = kind(events, "chat");
            JsonNode feedback = kind(events, "feedback");
            JsonNode search = kind(events, "search");

            String hash = new UserHash(KEY).of(user.userId());
            for (JsonNode e : List.of(chatEvent, feedback, search)) {
                assertThat(e.path("user").path("hash").asText()).isEqualTo(hash);
                assertThat(e.toString()).doesNotContain(user.userId()).doesNotContain(user.userId().substring("anon:".length()));
            }
            assertThat(chatEvent.path("query").asText()).isEqualTo("How do I scale out the cluster?");
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

            JsonNode dataStream = es("GET", "/_data_stream/" + stream).path("data_streams").get(0);
            assertThat(dataStream.path("ilm_policy").asText()).isEqualTo(stream);
            assertThat(dataStream.path("template").asText()).isEqualTo(stream);
        } finally {
            es("DELETE", "/_data_stream/" + stream);
            es("DELETE", "/_index_template/" + stream);
            es("DELETE", "/_ilm/policy/" + stream);
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

    private static List<JsonNode> events(String stream) throws Exception {
        es("POST", "/" + stream + "/_refresh");
        JsonNode hits = es("GET", "/" + stream + "/_search?size=50").path("hits").path("hits");
        List<JsonNode> out = new ArrayList<>();
        hits.forEach(h -> out.add(h.path("_source")));
        return out;
    }

    private static JsonNode es(String method, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(TestServices.elasticsearch() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
    }
}
