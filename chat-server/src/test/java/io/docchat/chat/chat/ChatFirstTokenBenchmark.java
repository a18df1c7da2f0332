package io.docchat.chat.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark, not a test (its name matches neither *Test nor *IT): server time before the first token at
 * 8 concurrent chats, with the LLM faked at a fixed first-token latency. Everything but the LLM is real:
 * HTTP, security, conversation storage, query embedding, Elasticsearch retrieval, routing, prompt.
 * Run: {@code mvn -B -ntp verify -pl chat-server -Dit.test=ChatFirstTokenBenchmark -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false}; writes ops/bench/results/chat.md.
 */
class ChatFirstTokenBenchmark {

    private static final int CLIENTS = 8;
    private static final int CHATS_PER_CLIENT = 25;
    private static final int WARMUP = 24;
    private static final long LLM_FIRST_TOKEN_MS = 300;
    private static final String[] TOPICS = {"Which port does the server listen on", "How do I rotate the signing keys",
            "How often are snapshots copied to S3", "How do replicas help when a node is lost"};

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void serverTimeBeforeTheFirstToken() throws Exception {
        ChatStack stack = ChatStack.get();
        stack.llm().reset();
        stack.llm().respondWith(r -> FakeOpenAi.answerAfter("Answer from the docs [1].", LLM_FIRST_TOKEN_MS));
        AtomicInteger seq = new AtomicInteger();
        for (int i = 0; i < WARMUP; i++) {
            ttftMs(stack, seq.incrementAndGet());
        }
        List<Double> single = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            single.add(ttftMs(stack, seq.incrementAndGet()) - LLM_FIRST_TOKEN_MS);
        }
        single.sort(Double::compare);
        MeterRegistry registry = stack.meterRegistry();
        List<Double> ttft = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < CHATS_PER_CLIENT; i++) {
                        ttft.add(ttftMs(stack, seq.incrementAndGet()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Double> server = ttft.stream().map(t -> t - LLM_FIRST_TOKEN_MS).sorted().toList();
        var timer = registry.get("docchat.chat.before.llm").timer();
        StringBuilder internal = new StringBuilder();
        for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
            internal.append(String.format(Locale.ROOT, "p%.0f %.1f ms, ", p.percentile() * 100,
                    p.value(java.util.concurrent.TimeUnit.MILLISECONDS)));
        }
        StringBuilder stages = new StringBuilder();
        registry.find("docchat.chat.stage").timers().forEach(t -> stages.append(String.format(Locale.ROOT, "%s %.1f ms, ",
                t.getId().getTag("stage"), t.mean(java.util.concurrent.TimeUnit.MILLISECONDS))));
        String report = """
                # Chat: server time before the first token

                Measured %s on this machine (2 cores, shared; Elasticsearch, PostgreSQL and Redis on the same host).
                %d concurrent clients x %d chats (after %d warm-up chats), each a first-turn question with a distinct
                wording (so neither the answer cache nor the search cache answers). The LLM is faked over HTTP with a
                fixed first-token latency of %d ms; "server time" = client-observed time to the first `token` event
                minus that latency, so it covers HTTP, security, storing the conversation, query embedding (BGE-small
                in process), hybrid retrieval on Elasticsearch, answerability, routing (budget queries), prompt
                building, and the LLM client's own overhead.

                | figure | value |
                |---|---|
                | chats | %d in %.1f s (%.1f chats/s) |
                | server time before first token, p50 | %.1f ms |
                | server time before first token, p95 | %.1f ms (target <= 150 ms) |
                | server time before first token, p99 | %.1f ms |
                | server time before first token, max | %.1f ms |
                | same, 1 client x 40 chats (no concurrency), p50 / p95 | %.1f ms / %.1f ms |
                | in-process timer `docchat.chat.before.llm` (request to LLM call; rolling window, warm-up included) | %s |
                | mean per stage (`docchat.chat.stage`, warm-up included) | %s |
                | machine load average (1 min) when finished | %.1f |

                Command:

                    mvn -B -ntp verify -pl chat-server -Dit.test=ChatFirstTokenBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
                """.formatted(Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC", CLIENTS,
                CHATS_PER_CLIENT, WARMUP, LLM_FIRST_TOKEN_MS, server.size(), seconds, server.size() / seconds,
                pct(server, 0.50), pct(server, 0.95), pct(server, 0.99), server.getLast(), pct(single, 0.5), pct(single, 0.95),
                internal.toString().replaceAll(", $", ""), stages.toString().replaceAll(", $", ""),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println(report);
        Path out = TestServices.root().resolve("ops/bench/results/chat.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private double ttftMs(ChatStack stack, int n) throws IOException, InterruptedException {
        String q = TOPICS[n % TOPICS.length] + " (case " + n + ")?";
        String body = json.createObjectNode().put("question", q).toString();
        HttpRequest req = HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/v1/chat"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .header("X-Client-Id", "bench-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        double first = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (first < 0 && line.equals("event:token")) {
                    first = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        if (first < 0) {
            throw new IllegalStateException("no token event for: " + q + " (status " + res.statusCode() + ")");
        }
        return first;
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
