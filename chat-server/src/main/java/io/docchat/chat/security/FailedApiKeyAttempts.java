package io.docchat.chat.security;

import io.docchat.chat.ratelimit.RateLimiter;
import org.springframework.stereotype.Component;

import java.util.OptionalLong;

/**
 * The budget of failed {@code X-API-Key} attempts per client address ({@link ApiKeyProperties#maxFailures()} per
 * {@link ApiKeyProperties#failurePeriod()}), held in Redis by the request {@link RateLimiter} (shared by every
 * replica, local buckets while Redis is away) under its own keys. The address is the one rate limits use
 * ({@link io.docchat.chat.ratelimit.ClientAddress}: {@code X-Forwarded-For} from trusted proxies only, IPv6 per /64).
 */
@Component
public class FailedApiKeyAttempts {

    private final RateLimiter limiter;
    private final ApiKeyProperties props;

    FailedApiKeyAttempts(RateLimiter limiter, ApiKeyProperties props) {
        this.limiter = limiter;
        this.props = props;
    }

    /** Seconds until the address may try again, when its budget is spent; empty while it may try. */
    public OptionalLong blocked(String clientBucket) {
        long wait = limiter.secondsUntilAvailable(key(clientBucket), props.maxFailures(), props.failurePeriod());
        return wait > 0 ? OptionalLong.of(wait) : OptionalLong.empty();
    }

    /** Counts a failure; the seconds to wait when the budget was already spent (then the answer is a 429). */
    public OptionalLong failed(String clientBucket) {
        RateLimiter.Decision d = limiter.consume(key(clientBucket), props.maxFailures(), props.failurePeriod());
        return d.allowed() ? OptionalLong.empty() : OptionalLong.of(d.retryAfterSeconds());
    }

    private static String key(String clientBucket) {
        return "apikey-failures:" + clientBucket;
    }
}
