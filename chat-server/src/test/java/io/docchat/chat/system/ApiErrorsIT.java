package io.docchat.chat.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.testing.ChatStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What each kind of bad request is answered, word for word where the words matter: one problem+json shape. */
class ApiErrorsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"question\":\"\"}|400|'question' must not be empty",
            "{\"question\":\"a\\u0000b\"}|400|'question' must not contain the NUL character (U+0000)",
            "{\"question\":\"x\",\"colour\":\"blue\"}|400|unknown field 'colour'; known: [conversationId, filters, question]",
            "{\"question\":\"x\",\"conversationId\":\"nope\"}|400|'conversationId' must be a UUID",
            "{\"question\":\"x\",\"filters\":{\"colour\":[\"a\"]}}|400|unknown field 'filters.colour'",
            "{\"question\":[1]}|400|'question' must be a string",
            "not json|400|body is not valid JSON",
            "|400|a JSON body is required"})
    void chatBodiesAreRefusedNamingTheField(String body, int status, String detail) throws Exception {
        JsonNode problem = problem(send("POST", "/api/v1/chat?stream=false", "application/json", body == null ? "" : body, false), status);
        assertThat(problem.path("detail").asText()).contains(detail);
    }

    @Test
    void aQuestionOverTheLimitNamesTheLimit() throws Exception {
        JsonNode problem = problem(send("POST", "/api/v1/chat?stream=false", "application/json",
                "{\"question\":\"" + "a".repeat(2001) + "\"}", false), 400);
        assertThat(problem.path("detail").asText()).isEqualTo("'question' must be at most 2000 characters");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("question");
    }

    @Test
    void aFeedbackReasonWithNulIsA400NotA500() throws Exception {
        JsonNode problem = problem(send("POST", "/api/v1/messages/" + UUID.randomUUID() + "/feedback", "application/json",
                "{\"rating\":\"down\",\"reason\":\"bad\\u0000\"}", false), 400);
        assertThat(problem.path("detail").asText()).contains("'reason' must not contain the NUL character");
    }

    @ParameterizedTest(name = "chunked={0}")
    @CsvSource({"false", "true"})
    void aChatBodyOverTheCapIs413(boolean chunked) throws Exception {
        String big = "{\"question\":\"" + "a".repeat(300_000) + "\"}";
        JsonNode problem = problem(send("POST", "/api/v1/chat", "application/json", big, chunked), 413);
        assertThat(problem.path("detail").asText()).isEqualTo("body larger than 16384 bytes");
    }

    @Test
    void wrongTypeMethodAcceptAndPathAreProblemsToo() throws Exception {
        problem(send("POST", "/api/v1/chat", "text/plain", "{\"question\":\"x\"}", false), 415);
        problem(send("PATCH", "/api/v1/conversations", "application/json", "{}", false), 405);
        problem(send("GET", "/api/v1/nothing-here", null, null, false), 404);
        problem(send("GET", "/error", null, null, false), 404);
        HttpResponse<String> notAcceptable = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/search?q=keys"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        problem(notAcceptable, 406);
    }

    @Test
    void offsetBelowZeroSaysSo() throws Exception {
        JsonNode problem = problem(send("GET", "/api/v1/search?q=keys&offset=-1", null, null, false), 400);
        assertThat(problem.path("detail").asText()).isEqualTo("'offset' must be at least 0, was -1");
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).method(method, publisher);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create(ChatStack.get().baseUrl() + path);
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        return problem;
    }
}
