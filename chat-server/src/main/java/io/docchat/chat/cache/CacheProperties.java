package io.docchat.chat.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Two-tier cache settings ({@code docchat.cache.*}).
 *
 * @param keyPrefix     prefix of every Redis key (tests use a unique one)
 * @param redisTimeout  the longest a request waits for Redis before the L1 answers alone
 * @param breakerWindow the span of time (whole seconds) over which the breaker takes Redis's failure rate
 * @param breakerOpenFor how long the circuit breaker keeps Redis out after failures before probing again
 */
@ConfigurationProperties("docchat.cache")
public record CacheProperties(
        @DefaultValue("docchat:") String keyPrefix,
        @DefaultValue("50ms") Duration redisTimeout,
        @DefaultValue("20000") long embeddingsL1Size,
        @DefaultValue("7d") Duration embeddingsTtl,
        @DefaultValue("5000") long resultsL1Size,
        @DefaultValue("1d") Duration resultsTtl,
        @DefaultValue("50") float breakerFailureRate,
        @DefaultValue("5s") Duration breakerWindow,
        @DefaultValue("5") int breakerMinimumCalls,
        @DefaultValue("10s") Duration breakerOpenFor) {
}
