package io.docchat.load;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What the simulations share: the edge's address (nginx, {@code -Dedge.url}), the HTTP protocol, the question
 * pool, Zipfian and fresh query feeders, and the chat as a Server-Sent Events stream.
 *
 * <p>Every virtual user connects from its own loopback address ({@code 127.0.x.y}, {@code -Dedge.clients}
 * addresses): nginx limits per client address (20 r/s, burst 40) and the application's anonymous limits are per
 * address too, so one load generator on one address would measure the limits, not the service. Real visitors
 * come from many addresses; this is the closest a single box gets.
 */
final class Edge {

    static final String URL = System.getProperty("edge.url", "https://127.0.0.1:18181");
    private static final Pattern QUERY_TEXT = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Edge() {
    }

    static HttpProtocolBuilder protocol() {
        int clients = Integer.getInteger("edge.clients", 250);
        List<String> addresses = IntStream.range(0, clients)
                .mapToObj(i -> "127.0." + (10 + i / 250) + "." + (1 + i % 250)).toList();
        return http.baseUrl(URL)
                .acceptHeader("application/json")
                .acceptEncodingHeader("gzip")
                .userAgentHeader("docchat-load (Gatling)")
                .localAddresses(addresses)
                .warmUp(URL + "/nginx-health");
    }

    /** The question pool: SciFact's queries ({@code -Dedge.queries}, BEIR queries.jsonl), else a small built-in list. */
    static List<String> questions() {
        Path file = Path.of(System.getProperty("edge.queries", "/work/shared/datasets/scifact/queries.jsonl"));
        List<String> out = new ArrayList<>();
        if (Files.isReadable(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = QUERY_TEXT.matcher(line);
                    if (m.find()) {
                        out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
        if (out.isEmpty()) {
            out.addAll(List.of("How do I roll back an index?", "What does the indexer do on a full rebuild?",
                    "How are API keys stored?", "Which port serves the actuator?", "How is TLS configured at the edge?",
                    "What is the rate limit for anonymous users?", "How do I restore a snapshot?",
                    "How does hybrid search fuse BM25 and kNN?", "What happens when Elasticsearch is slow?",
                    "How is the embedding model chosen?"));
        }
        return out;
    }

    /**
     * Zipf(s) over ranks 1..n of the pool: rank r with probability proportional to 1 / r^s. With s = 1 and 200
     * questions the top 10 draw 50 % of the traffic, as a documentation site's popular questions do.
     */
    static Iterator<Map<String, Object>> zipf(List<String> pool, int n, double s, String key) {
        int size = Math.min(n, pool.size());
        double[] cdf = new double[size];
        double sum = 0;
        for (int r = 1; r <= size; r++) {
            sum += 1 / Math.pow(r, s);
            cdf[r - 1] = sum;
        }
        double total = sum;
        return Stream.generate(() -> {
            double u = ThreadLocalRandom.current().nextDouble() * total;
            int lo = 0, hi = size - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) lo = mid + 1; else hi = mid;
            }
            return Map.<String, Object>of(key, pool.get(lo));
        }).iterator();
    }

    /** Never seen before: a pool question (from outside the Zipf head) with a random tag, so no cache can answer. */
    static Iterator<Map<String, Object>> fresh(List<String> pool, String key) {
        return Stream.generate(() -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String q = pool.get(r.nextInt(pool.size()));
            return Map.<String, Object>of(key, q + " " + Long.toString(r.nextLong() & Long.MAX_VALUE, 36));
        }).iterator();
    }

    static String json(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    /** The chat body: a new conversation, or the next turn of {@code conversationId} when the session has one. */
    static String chatBody(Session s, boolean followUp) {
        String q = json(s.getString("question"));
        return followUp && s.contains("conversationId")
                ? "{\"question\":" + q + ",\"conversationId\":\"" + s.getString("conversationId") + "\"}"
                : "{\"question\":" + q + "}";
    }

    /**
     * One chat through nginx as the browser does it: POST, then the event stream. "first token" is timed from the
     * request to the first {@code token} event; the fake LLM sends its first token at once (ops/load/fake-llm.mjs),
     * so that time is DocChat's own overhead before the first token. "done" must end the stream (an
     * {@code error} event fails it) and carries the conversation id.
     */
    static ChainBuilder chat(String label, boolean followUp, Duration answerTimeout) {
        String event = "\"event\"\\s*:\\s*\"";
        // the connect (response headers, sent before any work) is its own entry, so "first token" holds only the
        // times to the first token
        return exec(sse(label + ": connect").sseName("chat").post("/api/v1/chat")
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .body(StringBody(s -> chatBody(s, followUp)))
                .await(answerTimeout).on(sse.checkMessage(label + ": first token")
                        .matching(regex(event + "(token|error|done)\""))
                        .check(regex(event + "token\""))))
                .exec(sse(label + ": done").sseName("chat").setCheck().await(answerTimeout).on(
                        sse.checkMessage(label + ": done").matching(regex(event + "(error|done)\""))
                                .check(regex(event + "done\""),
                                        regex("conversationId\\W+([0-9a-f-]{36})").saveAs("conversationId"))))
                .exec(sse(label + ": close").sseName("chat").close());
    }

    static ChainBuilder search(String name, String key) {
        return exec(http(name).get("/api/v1/search").queryParam("q", s -> s.getString(key)).check(status().is(200)));
    }
}
