package io.docchat.chat.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.testing.ChatClient;
import io.docchat.chat.testing.ChatStack;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of every API route of a real running chat server ({@link ChatStack}: real
 * Elasticsearch, PostgreSQL, Redis and model; fake LLM over HTTP). Requests mix valid and hostile input:
 * NUL and other control characters, over-long and over-large values and bodies (declared and chunked),
 * unknown fields, wrong JSON types, malformed JSON, wrong methods, content types and {@code Accept}
 * headers, unknown paths, bad ids. The properties: never a 5xx, and every 4xx is problem+json whose
 * {@code status} is the response's. {@link #TRIES} bounds the run (300 took 7 s on the shared 2-core box; 1,000 about 20-40 s).
 */
class ApiFuzzIT {

    static final int TRIES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private static ChatStack stack;
    /** The anonymous identity cookie ({@code name=value}) the server minted for this test's caller. */
    private static String cookie;
    private static UUID messageId;
    private static UUID conversationId;

    @BeforeContainer
    static void start() {
        stack = ChatStack.get();
        ChatClient caller = stack.newUser();
        cookie = caller.cookie();
        ChatClient.Stream first = caller.chat("How do I rotate the signing keys?", null);
        assertThat(first.status()).isEqualTo(200);
        messageId = first.messageId();
        conversationId = first.conversationId();
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void noServerErrorAndProblemJsonForEveryClientError(@ForAll("calls") Call call) throws Exception {
        HttpResponse<String> response = HTTP.send(call.request(stack.baseUrl()), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        assertThat(status).as("%s -> %s %s", call, status, response.body()).isLessThan(500);
        if (call.path().contains("%2f") || call.path().contains("%2e%2e") || call.path().split("\\?")[0].contains("%00")) {
            // Tomcat refuses an encoded '/', a '..' segment or an encoded NUL in the path itself, before any
            // filter or servlet of the application runs (no application code can shape that answer): a 400.
            assertThat(status).as("%s", call).isEqualTo(400);
        } else if (status >= 400) {
            assertThat(contentType).as("%s -> %s", call, status).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).as("%s -> %s", call, response.body()).isEqualTo(status);
            assertThat(problem.path("title").asText()).as("%s -> %s", call, response.body()).isNotBlank();
        }
    }

    /** One request: what is sent, printed in a failure as it was sent. */
    record Call(String method, String path, Map<String, String> headers, String body, boolean chunked) {

        HttpRequest request(String base) {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : chunked ? HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                    : HttpRequest.BodyPublishers.ofString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, publisher);
            headers.forEach(b::header);
            return b.build();
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + ")" : body;
            return method + " " + (path.length() > 300 ? path.substring(0, 300) + "..." : path) + " " + headers
                    + (chunked ? " chunked" : "") + " " + shown;
        }
    }

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<String> method = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just("")), net.jqwik.api.Tuple.of(1, Arbitraries.of(METHODS)));
        Arbitrary<Call> anything = Combinators.combine(route(), method, headers(), body(), Arbitraries.of(true, false))
                .as((route, otherMethod, headers, body, chunked) -> new Call(otherMethod.isEmpty() ? route[0] : otherMethod,
                        route[1], headers, "GET".equals(route[0]) && otherMethod.isEmpty() && body != null ? null : body,
                        chunked));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, anything), net.jqwik.api.Tuple.of(1, wellFormed()));
    }

    /**
     * Requests whose envelope is right (route, method, JSON, caller) and whose text is hostile, so that the text
     * reaches the pipeline: retrieval, the LLM call, storage in PostgreSQL, the caches.
     */
    private Arbitrary<Call> wellFormed() {
        Map<String, String> json = Map.of("Content-Type", "application/json", "Accept", "*/*");
        return Arbitraries.oneOf(
                text().map(t -> new Call("POST", "/api/v1/chat?stream=false", client(json), write(Map.of("question", t)), false)),
                text().map(t -> new Call("POST", "/api/v1/chat", client(json), write(Map.of("question", t)), true)),
                text().map(t -> new Call("GET", "/api/v1/search?q=" + enc(t), client(Map.of()), null, false)),
                text().map(t -> new Call("POST", "/api/v1/search", client(json), write(Map.of("q", t,
                        "filters", Map.of("source", List.of(t), "path", t))), false)),
                Combinators.combine(Arbitraries.of("up", "down"), text()).as((r, t) -> new Call("POST",
                        "/api/v1/messages/" + messageId + "/feedback", client(json), write(Map.of("rating", r, "reason", t)), false)));
    }

    private static Map<String, String> client(Map<String, String> headers) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put("Cookie", cookie);
        return h;
    }

    /** {method, path with query} of every route the server maps, with hostile parameters and ids. */
    private Arbitrary<String[]> route() {
        Arbitrary<String> text = text();
        Arbitrary<String> number = Arbitraries.of("-1", "0", "1", "10", "50", "51", "1000", "2147483648", "abc", "", "1.5", "%00");
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.just(messageId.toString()),
                Arbitraries.just(conversationId.toString()), Arbitraries.create(() -> UUID.randomUUID().toString()),
                Arbitraries.of("not-a-uuid", "%00", "..", "%2e%2e%2f", "0"));
        Arbitrary<String> date = Arbitraries.of("2026-01-01", "2026-13-40", "yesterday", "", "0000-01-01", "9999-12-31");
        return Arbitraries.oneOf(
                Combinators.combine(text, number, number, text).as((q, k, offset, source) -> new String[]{"GET",
                        "/api/v1/search?q=" + enc(q) + "&k=" + enc(k) + "&offset=" + enc(offset) + "&source=" + enc(source)}),
                Arbitraries.just(new String[]{"POST", "/api/v1/search"}),
                Arbitraries.of("", "?stream=false", "?stream=true", "?stream=maybe", "?stream=false&x=1")
                        .map(s -> new String[]{"POST", "/api/v1/chat" + s}),
                id.map(i -> new String[]{"POST", "/api/v1/messages/" + i + "/feedback"}),
                text.map(t -> new String[]{"GET", "/api/v1/source-view?chunk=" + enc(t) + "%230"}),
                number.map(n -> new String[]{"GET", "/api/v1/conversations?limit=" + enc(n)}),
                id.map(i -> new String[]{"GET", "/api/v1/conversations/" + i}),
                id.map(i -> new String[]{"DELETE", "/api/v1/conversations/" + i}),
                Arbitraries.just(new String[]{"POST", "/api/v1/admin/api-keys"}),
                Arbitraries.just(new String[]{"GET", "/api/v1/admin/api-keys"}),
                id.map(i -> new String[]{"DELETE", "/api/v1/admin/api-keys/" + i}),
                Combinators.combine(date, date).as((f, t) -> new String[]{"GET",
                        "/api/v1/admin/cost/daily?from=" + enc(f) + "&to=" + enc(t)}),
                Arbitraries.of("/error", "/api/v1/nothing-here", "/api/v2/search", "/v3/api-docs", "/actuator/health",
                        "/api/v1/search/..%2f", "/%2e%2e/etc/passwd").map(p -> new String[]{"GET", p}));
    }

    private Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json", "application/json",
                "text/plain", "application/xml", "application/json; charset=ISO-8859-1", "multipart/form-data", "");
        Arbitrary<String> accept = Arbitraries.of("", "*/*", "application/json", "text/event-stream", "text/html",
                "application/xml", "application/problem+json", "image/png");
        Arbitrary<String> auth = Arbitraries.of("client", "client", "client", "admin", "none", "bad-bearer", "bad-client");
        return Combinators.combine(contentType, accept, auth).as((ct, ac, who) -> {
            Map<String, String> h = new java.util.LinkedHashMap<>();
            if (!ct.isEmpty()) {
                h.put("Content-Type", ct);
            }
            if (!ac.isEmpty()) {
                h.put("Accept", ac);
            }
            switch (who) {
                case "client" -> h.put("Cookie", cookie);
                case "admin" -> h.put("X-API-Key", ChatStack.ADMIN_KEY);
                case "bad-bearer" -> h.put("Authorization", "Bearer not.a.token");
                case "bad-client" -> h.put("Cookie", "DOCCHAT_ANON=x");
                default -> { }
            }
            return h;
        });
    }

    /** A JSON object of the fields the routes know, with any values, sometimes an unknown field; or not JSON at all. */
    private Arbitrary<String> body() {
        Arbitrary<Object> value = value();
        Arbitrary<String> field = Arbitraries.of("q", "k", "offset", "filters", "question", "conversationId", "rating",
                "reason", "name", "roles", "source", "stream", "colour");
        Arbitrary<String> object = Combinators.combine(field.list().ofMaxSize(4), value.list().ofSize(4), filters())
                .as((names, values, filters) -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        m.put(names.get(i), "filters".equals(names.get(i)) ? filters : values.get(i));
                    }
                    return write(m);
                });
        Arbitrary<String> valid = Arbitraries.oneOf(text().map(t -> write(Map.of("question", t))),
                Combinators.combine(Arbitraries.of("up", "down", "sideways"), text())
                        .as((r, t) -> write(Map.of("rating", r, "reason", t))),
                text().map(t -> write(Map.of("q", t))));
        Arbitrary<String> raw = Arbitraries.of("", "not json", "{", "[1,2]", "null", "\"x\"", "{\"question\":\"a\u0000b\"}",
                "{\"rating\":\"down\",\"reason\":\"bad\u0000\"}", "{\"q\":\"a\u0000\"}", "{\"question\":\"x\",\"question\":\"y\"}",
                "{\"question\":" + "[".repeat(3000) + "}");
        Arbitrary<String> huge = Arbitraries.of(40_000, 300_000, 1_000_000)
                .map(n -> "{\"question\":\"" + "a".repeat(n) + "\"}");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, object), net.jqwik.api.Tuple.of(3, valid),
                net.jqwik.api.Tuple.of(3, raw), net.jqwik.api.Tuple.of(1, huge), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    }

    private Arbitrary<Object> value() {
        return Arbitraries.oneOf(text().map(s -> (Object) s), Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null), Arbitraries.of("up", "down", "USER", "ADMIN").map(s -> (Object) s),
                text().list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.just(UUID.randomUUID().toString()).map(s -> (Object) s), Arbitraries.just(Map.of("x", 1)));
    }

    private Arbitrary<Object> filters() {
        return Combinators.combine(Arbitraries.of("source", "product", "version", "tag", "path", "colour"), text())
                .as((k, v) -> (Object) Map.of(k, "path".equals(k) ? v : List.of(v)));
    }

    /** Text a user might send, and text no one should: NUL, controls, lone surrogates, very long, markup. */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.of("How do I rotate the signing keys?", "backup", "", " ", "\u0000", "a\u0000b", "\u0001\u001f\u007f",
                        "<script>alert(1)</script>", "' OR 1=1 --", "💥🔥", "\ud800", "a".repeat(1001), "a".repeat(2001),
                        "%00", "{{7*7}}", "../../etc/passwd"),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u0020').ofMinLength(1).ofMaxLength(10));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
