package io.docchat.chat.llm;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The LLM client over openai-java. The SDK's own retries are switched off (maxRetries 0) so this class is
 * the only retry layer: transient errors are retried with resilience4j, waiting what {@code Retry-After}
 * asks (else exponential backoff), never after the first token, never for {@code insufficient_quota}, and
 * never past the total deadline.
 */
final class OpenAiLlmClient implements LlmClient {

    private static final Logger log = LoggerFactory.getLogger(OpenAiLlmClient.class);

    private final OpenAIClient client;
    private final LlmProperties props;
    private final ScheduledExecutorService timers;
    private final TokenCounter tokens;
    private final LlmMetrics metrics;

    OpenAiLlmClient(OpenAIClient client, LlmProperties props, ScheduledExecutorService timers, TokenCounter tokens,
                    LlmMetrics metrics) {
        this.client = client;
        this.props = props;
        this.timers = timers;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public LlmResult stream(LlmRequest request, Consumer<String> onToken, Cancellation cancellation) {
        Instant deadline = Instant.now().plus(props.totalTimeout());
        ChatCompletionCreateParams params = params(request);
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = Retry.of("llm", RetryConfig.custom()
                .maxAttempts(props.maxAttempts())
                .retryOnException(e -> worthRetrying(e, deadline, cancellation))
                .intervalBiFunction((attempt, outcome) -> waitMillis(attempt, outcome.getLeft()))
                .build());
        long started = System.nanoTime();
        try {
            StreamAttempt.Result result = retry.executeSupplier(() -> {
                int n = attempts.incrementAndGet();
                if (cancellation.isCancelled()) {
                    throw new LlmException(LlmException.Kind.CANCELLED, "the client went away");
                }
                if (n > 1) {
                    log.info("LLM retry {} of {} for model {}", n, props.maxAttempts(), request.model().name());
                }
                return new StreamAttempt(client, timers)
                        .run(params, props.firstTokenTimeout(), deadline, onToken, cancellation, props.maxAnswerChars());
            });
            Usage usage = usage(request, result);
            metrics.recordCall(request, usage, "ok", System.nanoTime() - started);
            return new LlmResult(result.text(), usage, result.finishReason(), attempts.get());
        } catch (LlmException e) {
            metrics.recordCall(request, Usage.NONE, e.kind().name().toLowerCase(), System.nanoTime() - started);
            throw e.withAttempts(attempts.get());
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        client.close();
    }

    private boolean worthRetrying(Throwable e, Instant deadline, Cancellation cancellation) {
        if (!(e instanceof LlmException l) || !l.retryable() || cancellation.isCancelled()) {
            return false;
        }
        Duration wait = l.retryAfter().orElse(props.initialBackoff());
        return wait.compareTo(props.maxRetryAfter()) <= 0 && Instant.now().plus(wait).isBefore(deadline);
    }

    private long waitMillis(int attempt, Throwable failure) {
        if (failure instanceof LlmException l && l.retryAfter().isPresent()) {
            return Math.max(1, l.retryAfter().get().toMillis());
        }
        return props.initialBackoff().toMillis() << Math.max(0, attempt - 1);
    }

    private ChatCompletionCreateParams params(LlmRequest request) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
                .model(request.model().name())
                .maxTokens(request.maxTokens())
                .temperature(0.2)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        for (ChatMessage m : request.messages()) {
            switch (m.role()) {
                case "system" -> b.addSystemMessage(m.content());
                case "assistant" -> b.addAssistantMessage(m.content());
                default -> b.addUserMessage(m.content());
            }
        }
        return b.build();
    }

    /** The provider's usage when it sent one; otherwise counted with the local tokenizer. */
    private Usage usage(LlmRequest request, StreamAttempt.Result result) {
        if (result.usage() != null) {
            return new Usage((int) result.usage().promptTokens(), (int) result.usage().completionTokens(), false);
        }
        int in = request.messages().stream().mapToInt(m -> tokens.count(m.content()) + 4).sum();
        return new Usage(in, tokens.count(result.text()), true);
    }
}
