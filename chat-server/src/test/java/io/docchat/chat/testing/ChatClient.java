package io.docchat.chat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The chat API as a client sees it: SSE parsed into events, JSON elsewhere. One instance is one anonymous
 * user: it keeps the signed identity cookie the server mints on its first request, as a browser would.
 */
public final class ChatClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ANON_COOKIE = "DOCCHAT_ANON";

    private final String base;
    private volatile String cookie;

    ChatClient(String base) {
        this.base = base;
    }

    /** The owner id of this client's conversations: the id in its server-minted cookie. */
    public String userId() {
        String value = cookie().substring(ANON_COOKIE.length() + 1);
        return "anon:" + value.substring(0, value.indexOf('.'));
    }

    /** The anonymous cookie ({@code name=value}), fetched from the server on first use. */
    public synchronized String cookie() {
        if (cookie == null) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/session")).timeout(Duration.ofSeconds(30)).GET().build();
            try {
                HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
                cookie = res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(ANON_COOKIE + "="))
                        .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no anonymous cookie from " + base));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return cookie;
    }

    public Stream chat(String question, UUID conversationId) {
        ObjectNode body = JSON.createObjectNode().put("question", question);
        if (conversationId != null) {
            body.put("conversationId", conversationId.toString());
        }
        HttpRequest req = request("/api/v1/chat").header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            HttpResponse<java.io.InputStream> res = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
            List<Event> events = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                if (res.statusCode() != 200) {
                    return new Stream(res.statusCode(), events);
                }
                String name = "message";
                StringBuilder data = new StringBuilder();
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(name, JSON.readTree(data.toString())));
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).replaceFirst("^ ", ""));
                    }
                }
            }
            return new Stream(res.statusCode(), events);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts an SSE chat, reads until the first token event, then hangs up. */
    public void chatAndHangUpAfterFirstToken(String question) {
        String body = JSON.createObjectNode().put("question", question).toString();
        HttpRequest req = request("/api/v1/chat").header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<java.io.InputStream> res = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = res.body();
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.equals("event:token")) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    /** A GET with the admin API key. */
    public Response adminGet(String path, String apiKey) {
        return send(request(path).header("X-API-Key", apiKey).GET().build());
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Cookie", cookie()).header("Accept", "application/json");
    }

    private static Response send(HttpRequest req) {
        try {
            HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            JsonNode body = res.body() == null || res.body().isBlank() ? null : JSON.readTree(res.body());
            return new Response(res.statusCode(), body, res.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, JsonNode body, String contentType) {
    }

    public record Event(String name, JsonNode data) {
    }

    /** The events of one SSE answer. */
    public record Stream(int status, List<Event> events) {

        public String text() {
            StringBuilder sb = new StringBuilder();
            events.stream().filter(e -> e.name().equals("token")).forEach(e -> sb.append(e.data().path("text").asText()));
            return sb.toString();
        }

        public List<String> names() {
            return events.stream().map(Event::name).toList();
        }

        public JsonNode first(String name) {
            return events.stream().filter(e -> e.name().equals(name)).map(Event::data).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " event in " + names()));
        }

        public boolean has(String name) {
            return events.stream().anyMatch(e -> e.name().equals(name));
        }

        public JsonNode done() {
            return first("done");
        }

        public UUID conversationId() {
            return UUID.fromString(done().path("conversationId").asText());
        }

        public UUID messageId() {
            return UUID.fromString(done().path("messageId").asText());
        }
    }
}
