package io.docchat.bench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat completions endpoint faked at the HTTP level (the JDK's HTTP server, no mock of
 * the product): it streams an answer as SSE chunks and ends with a {@code usage} chunk, as OpenAI does with
 * {@code stream_options.include_usage}. The answer quotes the first two sources of the prompt with citations,
 * about 110 words, the length of a concise cited answer. Token counts follow OpenAI's rule of thumb of four
 * characters per token, for the prompt as sent and for the answer: the same for every model, so the tiers
 * differ only by price. Every request is recorded (model, purpose, tokens).
 */
final class FakeLlm implements AutoCloseable {

    /** One completion the fake served. */
    record Call(String model, int promptTokens, int completionTokens) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SOURCE = Pattern.compile("<source id=\"(\\d+)\"[^>]*>\\n(.*?)\\n</source>", Pattern.DOTALL);
    static final int WORDS_PER_SOURCE = 55;

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final long latencyMs;

    FakeLlm(int port, long latencyMs) throws IOException {
        this.latencyMs = latencyMs;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized void reset() {
        calls.clear();
    }

    static int tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    /** What the fake answers to a prompt: the first {@value #WORDS_PER_SOURCE} words of sources 1 and 2, cited. */
    static String answer(String prompt) {
        StringBuilder out = new StringBuilder();
        Matcher m = SOURCE.matcher(prompt);
        for (int n = 0; n < 2 && m.find(); n++) {
            String[] words = m.group(2).strip().split("\\s+");
            out.append(out.isEmpty() ? "" : " ")
                    .append(String.join(" ", List.of(words).subList(0, Math.min(WORDS_PER_SOURCE, words.length))))
                    .append(" [").append(m.group(1)).append(']');
        }
        return out.isEmpty() ? "The sources do not say." : out.toString();
    }

    private void complete(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            StringBuilder prompt = new StringBuilder();
            body.path("messages").forEach(m -> prompt.append(m.path("content").asText()).append('\n'));
            String model = body.path("model").asText("?");
            String text = answer(prompt.toString());
            Call call = new Call(model, tokens(prompt.toString()), tokens(text));
            synchronized (this) {
                calls.add(call);
            }
            if (latencyMs > 0) {
                Thread.sleep(latencyMs);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String piece : text.split("(?<= )")) {
                send(out, chunk(model, piece, null, null));
            }
            send(out, chunk(model, null, "stop", null));
            send(out, chunk(model, null, null, call));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode chunk(String model, String content, String finish, Call usage) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", "chatcmpl-bench");
        c.put("object", "chat.completion.chunk");
        c.put("created", 1_700_000_000L);
        c.put("model", model);
        var choices = c.putArray("choices");
        if (usage != null) {
            ObjectNode u = c.putObject("usage");
            u.put("prompt_tokens", usage.promptTokens());
            u.put("completion_tokens", usage.completionTokens());
            u.put("total_tokens", usage.promptTokens() + usage.completionTokens());
            return c;
        }
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("content", content);
        }
        if (finish != null) {
            choice.put("finish_reason", finish);
        } else {
            choice.putNull("finish_reason");
        }
        return c;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
