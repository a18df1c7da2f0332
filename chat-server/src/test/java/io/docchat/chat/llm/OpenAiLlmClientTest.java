package io.docchat.chat.llm;

import io.docchat.chat.testing.FakeOpenAi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against the OpenAI wire format served in process (no external service). */
class OpenAiLlmClientTest {

    private static final ModelSpec MODEL = new ModelSpec("m-small", Tier.ECONOMY, new BigDecimal("1"), new BigDecimal("2"), 8192);

    private final FakeOpenAi fake = new FakeOpenAi();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        fake.close();
        timers.shutdownNow();
    }

    private LlmClient client(Duration firstToken, Duration total) {
        LlmProperties props = new LlmProperties(fake.baseUrl(), Duration.ofSeconds(2), firstToken, total, 3,
                Duration.ofMillis(50), Duration.ofSeconds(5), 256, 64, List.of());
        return new OpenAiLlmClient(LlmConfiguration.openAiClient(props, "test"), props, timers, new TokenCounter(t -> t.split("\\s+").length),
                new LlmMetrics(registry));
    }

    private static LlmRequest request() {
        return new LlmRequest(MODEL, List.of(ChatMessage.system("sys"), ChatMessage.user("hi")), 77, "answer");
    }

    @Test
    void streamsTokensAndReportsProviderUsageAndSendsMaxTokens() {
        fake.enqueue(FakeOpenAi.answer("Hello there [1]."));
        List<String> tokens = new ArrayList<>();
        LlmResult r = client(Duration.ofSeconds(5), Duration.ofSeconds(10)).stream(request(), tokens::add, new Cancellation());
        assertThat(String.join("", tokens)).isEqualTo("Hello there [1].");
        assertThat(tokens).hasSizeGreaterThan(1);
        assertThat(r.usage()).isEqualTo(new Usage(1000, 4, false));
        assertThat(r.attempts()).isEqualTo(1);
        var sent = fake.requests().getFirst();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(77);
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(registry.get("openai.tokens.used").tag("model", "m-small").tag("type", "input").counter().count())
                .isEqualTo(1000);
    }

    @Test
    void estimatesUsageWhenTheProviderSendsNone() {
        fake.enqueue(FakeOpenAi.answerWithoutUsage("one two three"));
        LlmResult r = client(Duration.ofSeconds(5), Duration.ofSeconds(10)).complete(request());
        assertThat(r.usage().estimated()).isTrue();
        assertThat(r.usage().outputTokens()).isEqualTo(3);
    }

    @Test
    void retriesRateLimitAndOverloadHonouringRetryAfter() {
        fake.enqueue(FakeOpenAi.error(429, "rate_limit_exceeded", "1"), FakeOpenAi.error(503, "overloaded", "0.3"),
                FakeOpenAi.answer("fine"));
        long start = System.nanoTime();
        LlmResult r = client(Duration.ofSeconds(5), Duration.ofSeconds(10)).complete(request());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.text()).isEqualTo("fine");
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(fake.requestCount()).isEqualTo(3);
        assertThat(tookMs).as("waited both Retry-After values").isGreaterThanOrEqualTo(1300);
    }

    @Test
    void neverMoreThanThreeUpstreamCalls() {
        for (int i = 0; i < 5; i++) {
            fake.enqueue(FakeOpenAi.error(503, "overloaded", "1"));
        }
        assertThatThrownBy(() -> client(Duration.ofSeconds(5), Duration.ofSeconds(10)).complete(request()))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LlmException.Kind.TRANSIENT);
                    assertThat(e.attempts()).isEqualTo(3);
                });
        assertThat(fake.requestCount()).isEqualTo(3);
    }

    @Test
    void aZeroRetryAfterOn503IsNotRepeatedByTheHttpLibrary() {
        // OkHttp on its own repeats a 503 that says "Retry-After: 0"; the transport must not.
        for (int i = 0; i < 6; i++) {
            fake.enqueue(FakeOpenAi.error(503, "overloaded", "0"));
        }
        assertThatThrownBy(() -> client(Duration.ofSeconds(5), Duration.ofSeconds(10)).complete(request()))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.attempts()).isEqualTo(3));
        assertThat(fake.requestCount()).isEqualTo(3);
    }

    @Test
    void insufficientQuotaIsNotRetried() {
        fake.enqueue(FakeOpenAi.error(429, "insufficient_quota", "1"), FakeOpenAi.answer("never"));
        assertThatThrownBy(() -> client(Duration.ofSeconds(5), Duration.ofSeconds(10)).complete(request()))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.QUOTA));
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void badRequestIsPermanent() {
        fake.enqueue(FakeOpenAi.error(400, "invalid_request_error", null));
        assertThatThrownBy(() -> client(Duration.ofSeconds(5), Duration.ofSeconds(10)).complete(request()))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.PERMANENT));
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void aStreamCutAfterTokensIsNotRetried() {
        fake.enqueue(FakeOpenAi.cutAfter("partial answer that"), FakeOpenAi.answer("second"));
        List<String> tokens = new ArrayList<>();
        assertThatThrownBy(() -> client(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .stream(request(), tokens::add, new Cancellation()))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.STREAM_BROKEN));
        assertThat(String.join("", tokens)).isEqualTo("partial answer that");
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void firstTokenDeadline() {
        fake.enqueue(FakeOpenAi.slowAnswer("late", 3000));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(Duration.ofMillis(400), Duration.ofSeconds(10)).complete(request()))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isIn(LlmException.Kind.DEADLINE,
                        LlmException.Kind.TRANSIENT));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2900);
    }

    @Test
    void totalDeadlineStopsALongAnswer() {
        fake.enqueue(FakeOpenAi.slowAnswer("a b c d e f g h i j k l m n o p", 150));
        List<String> tokens = new ArrayList<>();
        assertThatThrownBy(() -> client(Duration.ofSeconds(2), Duration.ofMillis(800))
                .stream(request(), tokens::add, new Cancellation()))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.DEADLINE));
        assertThat(tokens).isNotEmpty().hasSizeLessThan(16);
    }

    @Test
    void cancellingStopsTheUpstreamStream() {
        fake.enqueue(FakeOpenAi.slowAnswer("a b c d e f g h i j k l m n o p", 100));
        Cancellation cancel = new Cancellation();
        List<String> tokens = new ArrayList<>();
        assertThatThrownBy(() -> client(Duration.ofSeconds(2), Duration.ofSeconds(10)).stream(request(), t -> {
            tokens.add(t);
            if (tokens.size() == 3) {
                cancel.cancel();
            }
        }, cancel)).isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.CANCELLED));
        assertThat(tokens).hasSize(3);
    }
}
