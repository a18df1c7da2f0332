package io.docchat.chat.llm;

import io.docchat.chat.testing.FakeOpenAi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Size caps on what the LLM provider sends: an answer that runs past {@code max-answer-chars} (a provider that
 * ignores {@code max_tokens}) is cut cleanly at the cap and ends as a {@code length} answer, and a response body
 * past {@code max-response-size} fails the call instead of being read into memory.
 */
class LlmResponseCapTest {

    private static final ModelSpec MODEL = new ModelSpec("m-small", Tier.ECONOMY, new BigDecimal("1"), new BigDecimal("2"), 8192);

    private final FakeOpenAi fake = new FakeOpenAi();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() {
        fake.close();
        timers.shutdownNow();
    }

    @Test
    void aStreamPastTheAnswerCapIsCutThereAndEndsAsALengthAnswer() {
        String endless = "word ".repeat(5_000); // 25,000 characters for max_tokens 77
        fake.enqueue(FakeOpenAi.answer(endless));
        List<String> streamed = new ArrayList<>();

        LlmResult r = client(300, DataSize.ofMegabytes(4)).stream(request(), streamed::add, new Cancellation());

        assertThat(r.text()).hasSize(300).isEqualTo(endless.substring(0, 300));
        assertThat(String.join("", streamed)).as("the caller saw exactly the kept text").isEqualTo(r.text());
        assertThat(r.finishReason()).isEqualTo("length");
        assertThat(r.usage().estimated()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void anAnswerUnderTheCapIsUntouched() {
        fake.enqueue(FakeOpenAi.answer("A short answer [1]."));
        LlmResult r = client(300, DataSize.ofMegabytes(4)).complete(request());
        assertThat(r.text()).isEqualTo("A short answer [1].");
        assertThat(r.finishReason()).isNotEqualTo("length");
    }

    @Test
    void aResponseBodyPastTheByteCapIsNotReadIntoTheError() {
        String huge = "x".repeat(200_000);
        MockResponse error = new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"" + huge + "\"}}").build();
        fake.enqueue(error, error);

        assertThatThrownBy(() -> client(32_000, DataSize.ofKilobytes(16)).complete(request()))
                .isInstanceOf(LlmException.class).hasMessageNotContaining("xxxxxxxxxx");
        assertThatThrownBy(() -> client(32_000, DataSize.ofMegabytes(4)).complete(request()))
                .as("the same body under the cap is read").isInstanceOf(LlmException.class).hasMessageContaining(huge);
    }

    @Test
    void theByteCapCountsEveryByteOfAStream() throws Exception {
        byte[] body = "y".repeat(1000).getBytes();
        try (var in = new SingleAttemptHttpClient.CappedInputStream(new java.io.ByteArrayInputStream(body), 999)) {
            assertThatThrownBy(in::readAllBytes).hasMessage("the LLM response is larger than 999 bytes");
        }
        try (var in = new SingleAttemptHttpClient.CappedInputStream(new java.io.ByteArrayInputStream(body), 1000)) {
            assertThat(in.readAllBytes()).hasSize(1000);
        }
    }

    private LlmClient client(int maxAnswerChars, DataSize maxResponse) {
        LlmProperties props = new LlmProperties(fake.baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), 1,
                Duration.ofMillis(50), Duration.ofSeconds(5), 77, 64, List.of(), maxAnswerChars, maxResponse);
        return new OpenAiLlmClient(LlmConfiguration.openAiClient(props, "test"), props, timers,
                new TokenCounter(t -> t.split("\\s+").length), new LlmMetrics(new SimpleMeterRegistry()));
    }

    private static LlmRequest request() {
        return new LlmRequest(MODEL, List.of(ChatMessage.system("sys"), ChatMessage.user("hi")), 77, "answer");
    }
}
