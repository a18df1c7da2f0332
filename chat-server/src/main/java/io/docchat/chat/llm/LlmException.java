package io.docchat.chat.llm;

import java.time.Duration;
import java.util.Optional;

/** A failed LLM call, typed so that only transient failures are retried. */
public final class LlmException extends RuntimeException {

    /** Why the call failed; decides retry and what the user is told. */
    public enum Kind {
        /** Rate limit, overload, 5xx, network: worth another attempt. */
        TRANSIENT(true),
        /** The account is out of credit ({@code insufficient_quota}): retrying only burns time. */
        QUOTA(false),
        /** Bad request, authentication, unknown model: a retry gets the same answer. */
        PERMANENT(false),
        /** No first token, or no end of answer, before the deadline. */
        DEADLINE(false),
        /** The client disconnected. */
        CANCELLED(false),
        /** The stream broke after tokens were delivered: a retry would repeat them. */
        STREAM_BROKEN(false),
        /** The answer was stopped by an output guard. */
        BLOCKED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final Duration retryAfter;
    private final int attempts;

    public LlmException(Kind kind, String message, Throwable cause, Duration retryAfter) {
        this(kind, message, cause, retryAfter, 1);
    }

    private LlmException(Kind kind, String message, Throwable cause, Duration retryAfter, int attempts) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.attempts = attempts;
    }

    public LlmException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Upstream calls made before giving up. */
    public int attempts() {
        return attempts;
    }

    LlmException withAttempts(int n) {
        LlmException e = new LlmException(kind, getMessage(), getCause(), retryAfter, n);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
