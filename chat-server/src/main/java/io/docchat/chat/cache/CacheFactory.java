package io.docchat.chat.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.docchat.chat.system.RedisBreakers;
import io.docchat.chat.system.SharedRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executor;

/** Makes named two-tier caches over the shared Redis connection, each with its own circuit breaker. */
@Component
public class CacheFactory {

    private static final Logger log = LoggerFactory.getLogger(CacheFactory.class);

    private final SharedRedis redis;
    private final CacheProperties props;
    private final MeterRegistry registry;

    CacheFactory(SharedRedis redis, CacheProperties props, MeterRegistry registry) {
        this.redis = redis;
        this.props = props;
        this.registry = registry;
    }

    /**
     * Caffeine's housekeeping (eviction, expiry) on the thread that touched the cache, not handed to the common
     * fork-join pool: in a profile of cache hits the hand-off (waking a pool thread, which then parks again) cost
     * about as much as the housekeeping itself. Loads are ours (a pending future put by the first caller), so
     * no load runs on this executor.
     */
    public static final Executor SAME_THREAD = Runnable::run;

    public CacheProperties properties() {
        return props;
    }

    public <V> TwoTierCache<V> create(String name, Codec<V> codec, long l1Size, Duration ttl) {
        AsyncCache<String, V> l1 = Caffeine.newBuilder()
                .maximumSize(l1Size)
                .expireAfterWrite(ttl)
                .executor(SAME_THREAD)
                .buildAsync();
        CircuitBreaker breaker = RedisBreakers.create("redis-" + name, new RedisBreakers.Settings(props.breakerWindow(),
                props.breakerMinimumCalls(), props.breakerFailureRate(), props.breakerOpenFor(), props.redisTimeout()), log);
        RedisBreakers.gaugeOpen(registry, "docchat.cache.redis.breaker.open",
                "1 while the cache keeps away from Redis after failures", breaker, "cache", name);
        RedisL2 l2 = new RedisL2(redis, breaker, props.redisTimeout(), props.keyPrefix() + name + ":");
        return new TwoTierCache<>(name, l1, l2, codec, ttl, registry);
    }
}
