package io.docchat.chat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The OpenAI chat completions API faked at the HTTP level: it speaks the wire format (JSON errors, SSE
 * chunks with {@code data: [DONE]}, usage in the last chunk), records every request, and answers from a
 * script of responses, then from a default responder that can look at the request.
 */
public final class FakeOpenAi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final ConcurrentLinkedDeque<MockResponse> script = new ConcurrentLinkedDeque<>();
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<JsonNode, MockResponse> responder = r -> answer("OK [1]");

    public FakeOpenAi() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                JsonNode body;
                try {
                    body = JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
                } catch (IOException e) {
                    body = JSON.createObjectNode();
                }
                requests.add(body);
                MockResponse next = script.poll();
                return next != null ? next : responder.apply(body);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base URL for openai-java ({@code .../v1}). */
    public String baseUrl() {
        return server.url("/v1").toString();
    }

    public FakeOpenAi enqueue(MockResponse... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    public FakeOpenAi respondWith(Function<JsonNode, MockResponse> responder) {
        this.responder = responder;
        return this;
    }

    public List<JsonNode> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public int requestCount() {
        return requests.size();
    }

    public void reset() {
        script.clear();
        requests.clear();
        responder = r -> answer("OK [1]");
    }

    /** All message contents of a recorded request, joined. */
    public static String prompt(JsonNode request) {
        StringBuilder sb = new StringBuilder();
        request.path("messages").forEach(m -> sb.append(m.path("role").asText()).append(": ")
                .append(m.path("content").asText()).append('\n'));
        return sb.toString();
    }

    public static String lastUserMessage(JsonNode request) {
        String last = "";
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                last = m.path("content").asText();
            }
        }
        return last;
    }

    /** A streamed answer, split into word tokens, with usage in the final chunk. */
    public static MockResponse answer(String text) {
        return stream(tokens(text), true, false, 0);
    }

    /** A streamed answer that sends every token after {@code delayMs} (first-token latency included). */
    public static MockResponse slowAnswer(String text, long delayMs) {
        return stream(tokens(text), true, false, delayMs);
    }

    /** A streamed answer whose first token comes after {@code firstTokenMs}: a provider of fixed latency. */
    public static MockResponse answerAfter(String text, long firstTokenMs) {
        return new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "text/event-stream")
                .setHeader("Connection", "close")
                .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
                .headersDelay(firstTokenMs, TimeUnit.MILLISECONDS)
                .body(streamBody(tokens(text), true, false, 0))
                .build();
    }

    /** A stream without a usage chunk (some compatible servers send none). */
    public static MockResponse answerWithoutUsage(String text) {
        return stream(tokens(text), false, false, 0);
    }

    /** Sends the given tokens, then drops the connection without finishing the stream. */
    public static MockResponse cutAfter(String text) {
        return stream(tokens(text), false, true, 0);
    }

    public static MockResponse error(int status, String code, String retryAfter) {
        ObjectNode err = JSON.createObjectNode();
        ObjectNode e = err.putObject("error");
        e.put("message", "fake " + code);
        e.put("type", code);
        e.put("code", code);
        MockResponse.Builder b = new MockResponse.Builder().code(status)
                .setHeader("Content-Type", "application/json").body(err.toString());
        if (retryAfter != null) {
            b.setHeader("Retry-After", retryAfter);
        }
        return b.build();
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    private static MockResponse stream(List<String> tokens, boolean usage, boolean cut, long delayMs) {
        return new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "text/event-stream")
                .setHeader("Connection", "close")
                // Without a length or chunking, the end of the body is the end of the connection.
                .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
                .body(streamBody(tokens, usage, cut, delayMs))
                .build();
    }

    private static MockResponseBody streamBody(List<String> tokens, boolean usage, boolean cut, long delayMs) {
        return new MockResponseBody() {
            @Override
            public long getContentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                for (String t : tokens) {
                    pause(delayMs);
                    sink.writeUtf8("data: " + chunk(t, null, null) + "\n\n");
                    sink.flush();
                }
                if (cut) {
                    throw new IOException("fake provider drops the connection mid-answer");
                }
                sink.writeUtf8("data: " + chunk(null, "stop", null) + "\n\n");
                if (usage) {
                    String all = String.join("", tokens);
                    sink.writeUtf8("data: " + chunk(null, null, new int[]{1000, Math.max(1, all.length() / 4)}) + "\n\n");
                }
                sink.writeUtf8("data: [DONE]\n\n");
                sink.flush();
            }
        };
    }

    private static void pause(long ms) {
        if (ms > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String chunk(String content, String finish, int[] usage) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", "chatcmpl-fake");
        c.put("object", "chat.completion.chunk");
        c.put("created", 1_700_000_000L);
        c.put("model", "fake");
        var choices = c.putArray("choices");
        if (usage == null) {
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
        } else {
            ObjectNode u = c.putObject("usage");
            u.put("prompt_tokens", usage[0]);
            u.put("completion_tokens", usage[1]);
            u.put("total_tokens", usage[0] + usage[1]);
        }
        return c.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
