package io.docchat.elastic.embed;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OpenAI-compatible embedder against a fake endpoint speaking the OpenAI wire format. */
class OpenAiEmbedderTest {

    private final MockWebServer server = new MockWebServer();
    private OpenAiEmbedder embedder;

    @BeforeEach
    void start() throws Exception {
        server.start();
        embedder = new OpenAiEmbedder(new EmbeddingProperties("openai", 1, "text-embedding-3-small",
                URI.create(server.url("/v1").toString()), "test-key", 3, 2, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        embedder.close();
        server.close();
    }

    @Test
    void batchesRequestsKeepsInputOrderAndNormalises() throws Exception {
        server.enqueue(json(200, response("[0,3,4]", 1, "[1,0,0]", 0)));
        server.enqueue(json(200, response("[0,0,2]", 0, null, 0)));

        List<float[]> vectors = embedder.embedPassages(List.of("a", "b", "c"));

        assertThat(vectors.get(0)).containsExactly(1f, 0f, 0f);
        assertThat(vectors.get(1)).containsExactly(0f, 0.6f, 0.8f);
        assertThat(vectors.get(2)).containsExactly(0f, 0f, 1f);
        RecordedRequest first = server.takeRequest();
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer test-key");
        assertThat(first.getBody().utf8()).contains("\"model\":\"text-embedding-3-small\"").contains("\"dimensions\":3")
                .contains("[\"a\",\"b\"]");
        assertThat(embedder.spec().dimensions()).isEqualTo(3);
    }

    @Test
    void aRefusedRequestIsAPermanentError() {
        server.enqueue(json(400, "{\"error\":{\"message\":\"bad input\",\"type\":\"invalid_request_error\"}}"));
        assertThatThrownBy(() -> embedder.embedQuery("x"))
                .isInstanceOfSatisfying(EmbeddingException.class, e -> assertThat(e.transientFailure()).isFalse());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static String response(String v1, int i1, String v2, int i2) {
        String data = "{\"object\":\"embedding\",\"index\":" + i1 + ",\"embedding\":" + v1 + "}";
        if (v2 != null) {
            data += ",{\"object\":\"embedding\",\"index\":" + i2 + ",\"embedding\":" + v2 + "}";
        }
        return "{\"object\":\"list\",\"model\":\"text-embedding-3-small\",\"data\":[" + data
                + "],\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}";
    }
}
