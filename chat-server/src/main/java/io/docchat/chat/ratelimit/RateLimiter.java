package io.docchat.chat.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.docchat.chat.cache.CacheFactory;
import io.docchat.chat.system.RedisBreakers;
import io.docchat.chat.system.SharedRedis;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DefaultOptimizationListener;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Token buckets (Bucket4j) held in Redis, so every replica draws from the same bucket per caller.
 *
 * <p>When Redis is down or slow we <b>fail to local limits, not open and not closed</b>: each instance
 * then enforces the same limits from an in-process bucket per caller. Failing closed would turn a cache
 * outage into a full outage; failing open would remove abuse protection exactly when the system is weak.
 * The cost is that during an outage a caller can get up to (replicas × limit). A circuit breaker keeps
 * requests from waiting on a dead Redis, and Redis takes over again by itself when it answers.
 *
 * <p>A busy caller's requests do not each go to Redis: see {@link #optimization(long)} and
 * {@link RateLimitProperties} for the bound on the overshoot that buys.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /** The outcome for one request, with what the response headers need. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds,
                           boolean distributed) {
    }

    private final SharedRedis redis;
    private final RateLimitProperties props;
    private final CircuitBreaker breaker;
    private final Cache<String, Bucket> local;
    private final Cache<String, Bucket> remote;
    private final Counter fallbacks;
    private final DefaultOptimizationListener listener = new DefaultOptimizationListener();
    private volatile ProxyManager<byte[]> proxies;

    RateLimiter(SharedRedis redis, RateLimitProperties props, MeterRegistry registry) {
        this.redis = redis;
        this.props = props;
        this.breaker = RedisBreakers.create("redis-ratelimit",
                RedisBreakers.Settings.defaults(props.breakerOpenFor(), redis.commandTimeout()), log);
        this.local = Caffeine.newBuilder().maximumSize(props.localBuckets()).expireAfterAccess(props.period())
                .executor(CacheFactory.SAME_THREAD).build();
        this.remote = Caffeine.newBuilder().maximumSize(props.localBuckets()).expireAfterAccess(Duration.ofMinutes(10))
                .executor(CacheFactory.SAME_THREAD).build();
        RedisBreakers.gaugeOpen(registry, "docchat.ratelimit.redis.breaker.open",
                "1 while the rate limiter keeps Redis out: each replica then enforces the limits alone", breaker);
        this.fallbacks = Counter.builder("docchat.ratelimit.local.fallback")
                .description("rate-limit decisions taken locally because Redis did not answer").register(registry);
        FunctionCounter.builder("docchat.ratelimit.redis.skipped", listener, DefaultOptimizationListener::getSkipCount)
                .description("rate-limit decisions taken from the instance's view of a busy caller's shared bucket, "
                        + "within docchat.ratelimit.unsynced-share and unsynced-max-age").register(registry);
        FunctionCounter.builder("docchat.ratelimit.redis.merged", listener, DefaultOptimizationListener::getMergeCount)
                .description("rate-limit decisions that shared a concurrent request's trip to Redis").register(registry);
    }

    public Decision consume(String key, boolean anonymous) {
        return consume(key, anonymous ? props.anonymousCapacity() : props.capacity(), props.period());
    }

    /**
     * A budget of its own ({@code capacity} per {@code period} under {@code key}), for example failed API-key
     * attempts per client address; the same Redis buckets and local fallback as the request limits.
     */
    public Decision consume(String key, long capacity, Duration period) {
        BucketConfiguration config = config(capacity, period);
        try {
            ConsumptionProbe probe = breaker.executeSupplier(() -> remote(key, config, capacity));
            return decision(probe, capacity, true);
        } catch (CallNotPermittedException e) {
            fallbacks.increment();
        } catch (RuntimeException e) {
            fallbacks.increment();
            log.debug("Redis rate limit failed for {}: {}", key, e.toString());
        }
        return decision(localBucket(key, capacity, period).tryConsumeAndReturnRemaining(1), capacity, false);
    }

    /** Seconds until {@code key}'s budget has a token again, without taking one; 0 when it has one now. */
    public long secondsUntilAvailable(String key, long capacity, Duration period) {
        BucketConfiguration config = config(capacity, period);
        EstimationProbe probe;
        try {
            probe = breaker.executeSupplier(() -> remoteBucket(key, config, capacity).estimateAbilityToConsume(1));
        } catch (RuntimeException e) {
            fallbacks.increment();
            probe = localBucket(key, capacity, period).estimateAbilityToConsume(1);
        }
        return probe.canBeConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill()));
    }

    private static BucketConfiguration config(long capacity, Duration period) {
        return BucketConfiguration.builder().addLimit(l -> l.capacity(capacity).refillGreedy(capacity, period)).build();
    }

    private Bucket localBucket(String key, long capacity, Duration period) {
        return local.get(key, k -> Bucket.builder().addLimit(l -> l.capacity(capacity).refillGreedy(capacity, period)).build());
    }

    private ConsumptionProbe remote(String key, BucketConfiguration config, long capacity) {
        return remoteBucket(key, config, capacity).tryConsumeAndReturnRemaining(1);
    }

    private Bucket remoteBucket(String key, BucketConfiguration config, long capacity) {
        ProxyManager<byte[]> p = proxies();
        return remote.get(key, k -> p.builder().withOptimization(optimization(capacity))
                .build((props.keyPrefix() + k).getBytes(StandardCharsets.UTF_8), () -> config));
    }

    /**
     * Both optimizations hold state per proxy object, hence the map of proxies. Batching: concurrent requests
     * for one key (an office behind one IP) share one compare-and-swap instead of retrying against each other.
     * Delaying adds that a busy key's requests are decided from the instance's last view of the bucket until
     * it has let through {@code unsyncedTokens} or the view is {@code unsyncedMaxAge} old; then the tokens it
     * let through are charged in Redis with the next request's. A hot key costs one Redis trip per
     * {@code unsyncedTokens} requests or per {@code unsyncedMaxAge} instead of two per request.
     */
    private Optimization optimization(long capacity) {
        long unsynced = props.unsyncedTokens(capacity);
        Optimization o = unsynced == 0 ? Optimizations.batching()
                : Optimizations.delaying(new DelayParameters(unsynced, props.unsyncedMaxAge()));
        return o.withListener(listener);
    }

    private ProxyManager<byte[]> proxies() {
        ProxyManager<byte[]> p = proxies;
        if (p == null) {
            var connection = redis.connection().orElseThrow(() -> new IllegalStateException("Redis not connected"));
            synchronized (this) {
                if (proxies == null) {
                    proxies = Bucket4jLettuce.casBasedBuilder(connection)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                            .build();
                }
                p = proxies;
            }
        }
        return p;
    }

    private Decision decision(ConsumptionProbe probe, long capacity, boolean distributed) {
        long reset = seconds(probe.getNanosToWaitForReset());
        long retry = probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        return new Decision(probe.isConsumed(), capacity, probe.getRemainingTokens(), reset, retry, distributed);
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
