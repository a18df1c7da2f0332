package io.docchat.chat.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Request limits ({@code docchat.ratelimit.*}) for the search and chat APIs: {@code capacity} requests per
 * {@code period} per principal, and {@code anonymousCapacity} per {@code period} per client IP.
 *
 * <p>{@code unsyncedShare} and {@code unsyncedMaxAge} let an instance decide a busy caller's requests from
 * its last view of the shared bucket: it goes back to Redis once it has let through that share of the
 * caller's capacity (rounded down) or once its view is that old, whichever comes first. Each instance can
 * then overshoot by at most that share; a capacity under {@code 1 / unsyncedShare} is exact (every request
 * goes to Redis), as is a share of 0.
 */
@ConfigurationProperties("docchat.ratelimit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100") long capacity,
        @DefaultValue("100") long anonymousCapacity,
        @DefaultValue("1h") Duration period,
        @DefaultValue("docchat:ratelimit:") String keyPrefix,
        @DefaultValue("10s") Duration breakerOpenFor,
        @DefaultValue("100000") long localBuckets,
        @DefaultValue("0.01") double unsyncedShare,
        @DefaultValue("1s") Duration unsyncedMaxAge) {

    public RateLimitProperties {
        if (!(unsyncedShare >= 0 && unsyncedShare <= 0.5)) {
            throw new IllegalArgumentException("docchat.ratelimit.unsynced-share must be between 0 and 0.5, not " + unsyncedShare);
        }
    }

    /** How many of a caller's requests an instance may let through between two trips to Redis. */
    long unsyncedTokens(long capacity) {
        return (long) Math.floor(capacity * unsyncedShare);
    }
}
