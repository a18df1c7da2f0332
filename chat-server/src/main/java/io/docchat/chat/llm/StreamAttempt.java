package io.docchat.chat.llm;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import okhttp3.Call;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One upstream streaming call. A watchdog closes the stream at the first-token deadline, at the total
 * deadline and on cancellation; closing the response aborts the HTTP exchange, so the provider stops
 * generating (and billing) too. Before the response's headers have arrived there is no response to close,
 * so the watchdog cancels the HTTP call itself.
 */
final class StreamAttempt {

    private final OpenAIClient client;
    private final ScheduledExecutorService timers;
    private final AtomicReference<StreamResponse<ChatCompletionChunk>> stream = new AtomicReference<>();
    /** The HTTP call, cancelled on abort: before its headers arrive there is no stream to close. */
    private final AtomicReference<Call> call = new AtomicReference<>();
    private final AtomicReference<LlmException.Kind> abortedAs = new AtomicReference<>();
    private final StringBuilder text = new StringBuilder();
    private volatile boolean firstToken;

    StreamAttempt(OpenAIClient client, ScheduledExecutorService timers) {
        this.client = client;
        this.timers = timers;
    }

    boolean emittedTokens() {
        return firstToken;
    }

    /**
     * The answer, cut at {@code maxChars}: past it the rest of the stream is not read (closing it aborts the
     * exchange, so the provider stops generating) and the result is a complete answer with finish reason
     * {@code length}, as if {@code max_tokens} had ended it; usage is then counted locally.
     */
    Result run(ChatCompletionCreateParams params, Duration firstTokenTimeout, Instant deadline,
               Consumer<String> onToken, Cancellation cancellation, int maxChars) {
        Duration untilDeadline = Duration.between(Instant.now(), deadline);
        if (untilDeadline.isNegative() || untilDeadline.isZero()) {
            throw new LlmException(LlmException.Kind.DEADLINE, "no time left for the LLM call");
        }
        ScheduledFuture<?> firstTimer = timers.schedule(() -> {
            if (!firstToken) {
                abort(LlmException.Kind.DEADLINE);
            }
        }, firstTokenTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> totalTimer = timers.schedule(() -> abort(LlmException.Kind.DEADLINE),
                untilDeadline.toMillis(), TimeUnit.MILLISECONDS);
        Runnable unregister = cancellation.onCancel(() -> abort(LlmException.Kind.CANCELLED));
        ChatCompletionChunk lastUsage = null;
        String finish = "unknown";
        try (StreamResponse<ChatCompletionChunk> response = SingleAttemptHttpClient.watchingCalls(this::started,
                () -> client.chat().completions().createStreaming(params))) {
            stream.set(response);
            if (abortedAs.get() != null) {
                throw aborted(null);
            }
            boolean cut = false;
            for (var it = response.stream().iterator(); !cut && it.hasNext(); ) {
                ChatCompletionChunk chunk = it.next();
                if (chunk.usage().isPresent()) {
                    lastUsage = chunk;
                }
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    if (cut) {
                        break;
                    }
                    if (choice.finishReason().isPresent()) {
                        finish = choice.finishReason().get().asString();
                    }
                    String delta = choice.delta().content().orElse("");
                    if (text.length() + delta.length() > maxChars) {
                        delta = delta.substring(0, maxChars - text.length());
                        cut = true;
                        finish = "length";
                    }
                    if (!delta.isEmpty() && abortedAs.get() == null) {
                        firstToken = true;
                        text.append(delta);
                        onToken.accept(delta);
                    }
                }
            }
            if (abortedAs.get() != null) {
                throw aborted(null);
            }
            if (cut) {
                return new Result(text.toString(), finish, null); // the provider's usage never came
            }
            return new Result(text.toString(), finish, lastUsage == null ? null : lastUsage.usage().get());
        } catch (LlmException e) {
            throw e;
        } catch (RateLimitException e) {
            boolean quota = e.code().map("insufficient_quota"::equals).orElse(false)
                    || e.type().map("insufficient_quota"::equals).orElse(false);
            throw new LlmException(quota ? LlmException.Kind.QUOTA : LlmException.Kind.TRANSIENT,
                    "LLM provider: " + e.getMessage(), e, RetryAfter.parse(e.headers()));
        } catch (InternalServerException e) {
            throw new LlmException(LlmException.Kind.TRANSIENT, "LLM provider: " + e.getMessage(), e,
                    RetryAfter.parse(e.headers()));
        } catch (OpenAIServiceException e) {
            LlmException.Kind kind = e.statusCode() == 408 || e.statusCode() == 409
                    ? LlmException.Kind.TRANSIENT : LlmException.Kind.PERMANENT;
            throw new LlmException(kind, "LLM provider refused the request: " + e.getMessage(), e,
                    RetryAfter.parse(e.headers()));
        } catch (RuntimeException e) {
            // I/O errors, a stream closed by the watchdog, malformed SSE: the cause decides the kind.
            if (abortedAs.get() != null) {
                throw aborted(e);
            }
            if (firstToken) {
                throw new LlmException(LlmException.Kind.STREAM_BROKEN, "the answer stream broke", e, null);
            }
            if (e instanceof OpenAIIoException || e.getCause() instanceof java.io.IOException) {
                throw new LlmException(LlmException.Kind.TRANSIENT, "LLM provider unreachable: " + e.getMessage(), e, null);
            }
            throw new LlmException(LlmException.Kind.PERMANENT, "unexpected LLM response: " + e.getMessage(), e, null);
        } finally {
            firstTimer.cancel(false);
            totalTimer.cancel(false);
            unregister.run();
        }
    }

    String partialText() {
        return text.toString();
    }

    private void started(Call c) {
        call.set(c);
        if (abortedAs.get() != null) {
            c.cancel();
        }
    }

    private void abort(LlmException.Kind kind) {
        if (abortedAs.compareAndSet(null, kind)) {
            Call c = call.get();
            if (c != null) {
                c.cancel();
            }
            StreamResponse<ChatCompletionChunk> s = stream.get();
            if (s != null) {
                s.close();
            }
        }
    }

    private LlmException aborted(Throwable cause) {
        LlmException.Kind kind = abortedAs.get();
        String message = kind == LlmException.Kind.CANCELLED ? "the client went away"
                : firstToken ? "the answer did not finish before the deadline" : "no first token before the deadline";
        return new LlmException(kind, message, cause, null);
    }

    /** What the stream delivered; usage is null when the provider sent none. */
    record Result(String text, String finishReason, com.openai.models.completions.CompletionUsage usage) {
    }
}
