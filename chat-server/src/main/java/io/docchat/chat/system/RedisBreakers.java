package io.docchat.chat.system;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnErrorEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The circuit breakers in front of Redis (cache tiers, rate limits). They judge Redis over a window of
 * time, not of calls: a breaker is for a Redis that is down or stays slow, and a window of 20 calls spans
 * 100 ms at 200 requests a second, so one stall of 60-80 ms (of Redis, the network or a saturated box)
 * timed out half of it at once and kept Redis out for the open period, which turned the following cache hits
 * into recomputations exactly when the box was busiest (seen in the search benchmark at 32 clients).
 */
public final class RedisBreakers {

    /**
     * @param window       the span of time the failure rate is taken over (whole seconds, at least 1)
     * @param minimumCalls calls the window must hold before the rate counts (a quiet instance still opens)
     * @param failureRate  the failure percentage that opens the breaker
     * @param openFor      how long an open breaker keeps Redis out before two probes decide
     * @param slowCall     an answer later than this counts against Redis as a failure does (the caller's
     *                     timeout: a read answered after it was of no use, and writes, which nobody waits for,
     *                     would otherwise keep a Redis that answers every read too late looking half healthy)
     */
    public record Settings(Duration window, int minimumCalls, float failureRate, Duration openFor, Duration slowCall) {

        /** The defaults of {@code docchat.cache.breaker-*}: half of the last 5 s failed or late, of at least 5 calls. */
        public static Settings defaults(Duration openFor, Duration slowCall) {
            return new Settings(Duration.ofSeconds(5), 5, 50, openFor, slowCall);
        }
    }

    private RedisBreakers() {
    }

    /** A breaker whose state changes are logged with the last failure, to tell a down Redis from a slow one. */
    public static CircuitBreaker create(String name, Settings settings, Logger log) {
        CircuitBreaker breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, settings.window().toSeconds()))
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRate())
                .slowCallDurationThreshold(settings.slowCall())
                .slowCallRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordExceptions(Throwable.class)
                .build());
        AtomicReference<CircuitBreakerOnErrorEvent> lastError = new AtomicReference<>();
        breaker.getEventPublisher().onError(lastError::set);
        breaker.getEventPublisher().onStateTransition(e -> {
            CircuitBreakerOnErrorEvent error = lastError.get();
            boolean opened = e.getStateTransition().getToState() == CircuitBreaker.State.OPEN;
            log.warn("Redis circuit breaker {}: {}{}", name, e.getStateTransition(), !opened || error == null ? ""
                    : " (last failure: " + error.getThrowable() + " after " + error.getElapsedDuration().toMillis() + " ms)");
        });
        return breaker;
    }

    /** A gauge {@code name} at 1 while {@code breaker} is open (it keeps Redis out), else 0. */
    public static void gaugeOpen(MeterRegistry registry, String name, String description, CircuitBreaker breaker,
                                 String... tags) {
        Gauge.builder(name, breaker, b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .description(description).tags(tags).register(registry);
    }
}
