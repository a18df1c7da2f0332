package io.docchat.bench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Asks the questions in order, one at a time, over the chat API ({@code POST /api/v1/chat?stream=false}) as
 * anonymous visitors (a new visitor every {@value #CHATS_PER_VISITOR} chats, each with the cookie the server
 * mints), and reads how each was answered from the {@code done} event: mode ({@code llm}, {@code cache},
 * {@code unanswerable}, {@code extractive}), model, tokens and the ledger's cost. One at a time on purpose: a
 * repeat then always follows its first answer, so "every repeat is served from the cache" is checkable.
 */
final class ChatReplay {

    /** One chat as the server answered it. */
    record Outcome(int seq, int item, String question, String mode, String model, int inputTokens, int outputTokens,
                   BigDecimal costUsd, String messageId, long micros, String routingReason) {

        Outcome withReason(String reason) {
            return new Outcome(seq, item, question, mode, model, inputTokens, outputTokens, costUsd, messageId, micros, reason);
        }
    }

    static final int CHATS_PER_VISITOR = 25;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private final java.util.function.LongSupplier serverCpuMillis;
    private long cpuSecondHalf = -1;

    ChatReplay(String base, java.util.function.LongSupplier serverCpuMillis) {
        this.base = base;
        this.serverCpuMillis = serverCpuMillis;
    }

    /** Server CPU-ms over the second half of the last run (the JIT settled in the first), or -1. */
    long cpuSecondHalf() {
        return cpuSecondHalf;
    }

    List<Outcome> run(List<String> questions, List<Integer> items) throws IOException, InterruptedException {
        List<Outcome> out = new ArrayList<>();
        String cookie = null;
        long cpuAtHalf = -1;
        for (int i = 0; i < items.size(); i++) {
            if (i == items.size() / 2) {
                cpuAtHalf = serverCpuMillis.getAsLong();
            }
            if (i % CHATS_PER_VISITOR == 0) {
                cookie = visitorCookie();
            }
            String question = questions.get(items.get(i));
            String body = JSON.createObjectNode().put("question", question).toString();
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/chat?stream=false"))
                    .timeout(Duration.ofSeconds(90)).header("Cookie", cookie).header("Content-Type", "application/json")
                    .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long t0 = System.nanoTime();
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - t0) / 1000;
            if (res.statusCode() != 200) {
                throw new IllegalStateException("chat " + i + " answered " + res.statusCode() + ": " + res.body());
            }
            JsonNode done = JSON.readTree(res.body()).path("done");
            out.add(new Outcome(i, items.get(i), question, done.path("mode").asText("?"), done.path("model").asText(""),
                    done.path("usage").path("inputTokens").asInt(), done.path("usage").path("outputTokens").asInt(),
                    new BigDecimal(done.path("costUsd").asText("0")), done.path("messageId").asText(""), micros, ""));
        }
        long end = serverCpuMillis.getAsLong();
        cpuSecondHalf = cpuAtHalf < 0 || end < 0 ? -1 : end - cpuAtHalf;
        return out;
    }

    /** The routing reason the server stored with each answer ({@code query_analytics.routing_reason}). */
    static List<Outcome> withRoutingReasons(List<Outcome> outcomes, String jdbcUrl, String user, String password) throws SQLException, InterruptedException {
        Map<String, String> reasons = new HashMap<>();
        List<UUID> ids = outcomes.stream().filter(o -> !o.messageId().isEmpty()).map(o -> UUID.fromString(o.messageId())).toList();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            for (int attempt = 0; attempt < 20 && reasons.size() < ids.size(); attempt++) {
                if (attempt > 0) {
                    Thread.sleep(250); // analytics rows are written after the answer
                }
                try (var st = c.prepareStatement("SELECT message_id, routing_reason FROM chat.query_analytics WHERE message_id = ANY (?)")) {
                    st.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                    try (var rs = st.executeQuery()) {
                        while (rs.next()) {
                            reasons.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
                        }
                    }
                }
            }
        }
        return outcomes.stream().map(o -> o.withReason(reasons.getOrDefault(o.messageId(), ""))).toList();
    }

    /** The answer cache's normalisation (AnswerCache.normalise): case, punctuation and spacing do not matter. */
    static String normalise(String question) {
        return question.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}\\s]+", " ").strip();
    }

    private String visitorCookie() throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/session")).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
        return res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("DOCCHAT_ANON="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no anonymous cookie from " + base));
    }
}
