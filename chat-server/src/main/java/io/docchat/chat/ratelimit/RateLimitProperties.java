package io.docchat.chat.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Request limits ({@code docchat.ratelimit.*}) for the search and chat APIs: {@code capacity} requests per
 * {@code period} per principal, and {@code anonymousCapacity} per {@code period} per client IP.
 */
@ConfigurationProperties("docchat.ratelimit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100") long capacity,
        @DefaultValue("100") long anonymousCapacity,
        @DefaultValue("1h") Duration period,
        @DefaultValue("docchat:ratelimit:") String keyPrefix,
        @DefaultValue("10s") Duration breakerOpenFor,
        @DefaultValue("100000") long localBuckets) {
}
