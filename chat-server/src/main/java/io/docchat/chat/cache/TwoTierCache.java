package io.docchat.chat.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Caffeine L1 per instance in front of Redis L2 shared by all instances. One load per key at a time:
 * the first caller installs a pending future in L1 and loads (L2, else the loader) on its own thread;
 * concurrent callers for the same key wait on that future, so a burst of identical cold requests costs
 * one load per JVM.
 */
public final class TwoTierCache<V> {

    /** Where a value came from: this instance's memory, Redis, or the loader. */
    public enum Tier { L1, L2, LOADED }

    public record Lookup<V>(V value, Tier tier) {
    }

    /** Another cache's key that this cache's loader will look up; made only on a miss in L1. */
    public record Companion<C>(TwoTierCache<C> cache, Supplier<String> key) {
    }

    /**
     * What Redis said about a key that a companion lookup read ahead, for this thread's next lookup of it;
     * that lookup leaves its write here, for the companion to send with its own.
     */
    private static final class Prefetched {
        private final String key;
        private final RedisL2.Read read;
        private RedisL2.Write write;

        Prefetched(String key, RedisL2.Read read) {
            this.key = key;
            this.read = read;
        }
    }

    private final AsyncCache<String, V> l1;
    private final RedisL2 l2;
    private final Codec<V> codec;
    private final Duration ttl;
    private final Counter l1Hit;
    private final Counter l1Miss;
    private final Counter l2Hit;
    private final Counter l2Miss;
    private final Counter l2Error;
    private final ThreadLocal<Prefetched> prefetched = new ThreadLocal<>();

    TwoTierCache(String name, AsyncCache<String, V> l1, RedisL2 l2, Codec<V> codec, Duration ttl, MeterRegistry registry) {
        this.l1 = l1;
        this.l2 = l2;
        this.codec = codec;
        this.ttl = ttl;
        this.l1Hit = counter(registry, name, "l1", "hit");
        this.l1Miss = counter(registry, name, "l1", "miss");
        this.l2Hit = counter(registry, name, "l2", "hit");
        this.l2Miss = counter(registry, name, "l2", "miss");
        this.l2Error = counter(registry, name, "l2", "error");
    }

    public Lookup<V> get(String key, Supplier<V> loader) {
        return get(key, null, loader);
    }

    /**
     * Like {@link #get(String, Supplier)}; on a miss in L1 it also reads {@code companion}'s entry from Redis
     * in the same round trip, for the loader: a search result's loader needs the query's embedding, so a
     * cache miss asks Redis once instead of twice. The companion's own lookup inside the loader (on this
     * thread) then takes that read instead of going to Redis again, and what it loads is stored together
     * with this cache's value, in one network write (or alone if this load fails).
     */
    public <C> Lookup<V> get(String key, Companion<C> companion, Supplier<V> loader) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = l1.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            l1Hit.increment();
            return new Lookup<>(join(existing), Tier.L1);
        }
        l1Miss.increment();
        try {
            Prefetched given = prefetched.get();
            if (given != null && !given.key.equals(key)) {
                given = null;
            }
            Prefetched ahead = null;
            RedisL2.Read read;
            if (given != null) {
                prefetched.remove();
                read = given.read;
            } else {
                String companionKey = companion == null ? null : companion.key().get();
                if (companionKey == null || companion.cache().inL1(companionKey)) {
                    read = l2.get(key);
                } else {
                    RedisL2.Read[] both = l2.get(key, companion.cache().l2, companionKey);
                    read = both[0];
                    ahead = both[1].status() == RedisL2.Status.SKIPPED ? null : new Prefetched(companionKey, both[1]);
                }
            }
            if (read.status() == RedisL2.Status.HIT) {
                V value = decodeOrNull(read.value());
                if (value != null) {
                    l2Hit.increment();
                    mine.complete(value);
                    return new Lookup<>(value, Tier.L2);
                }
            }
            (read.status() == RedisL2.Status.MISS || read.status() == RedisL2.Status.HIT ? l2Miss : l2Error).increment();
            V value;
            try {
                value = ahead == null ? loader.get() : companion.cache().withPrefetched(ahead, loader);
            } catch (RuntimeException | Error e) {
                if (ahead != null && ahead.write != null) {
                    companion.cache().l2.put(List.of(ahead.write)); // its value is good even if this load failed
                }
                throw e;
            }
            mine.complete(value);
            RedisL2.Write write = l2.write(key, codec.encode(value), ttl);
            if (given != null) {
                given.write = write; // the lookup that read ahead for this one sends it with its own
            } else {
                l2.put(ahead == null || ahead.write == null ? List.of(write) : List.of(write, ahead.write));
            }
            return new Lookup<>(value, Tier.LOADED);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            l1.asMap().remove(key, mine);
            throw e;
        }
    }

    private boolean inL1(String key) {
        return l1.getIfPresent(key) != null;
    }

    private <T> T withPrefetched(Prefetched ahead, Supplier<T> work) {
        prefetched.set(ahead);
        try {
            return work.get();
        } finally {
            prefetched.remove();
        }
    }

    public void invalidateLocal() {
        l1.synchronous().invalidateAll();
    }

    private V decodeOrNull(byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (RuntimeException e) {
            return null; // an unreadable entry (older format) is a miss; the reload overwrites it
        }
    }

    private static <V> V join(CompletableFuture<V> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The {@code docchat.cache.requests} counter of one cache, tier and result (also used by caches that are not two-tier). */
    public static Counter counter(MeterRegistry registry, String cache, String tier, String result) {
        return Counter.builder("docchat.cache.requests")
                .description("cache lookups by cache, tier and result")
                .tags("cache", cache, "tier", tier, "result", result)
                .register(registry);
    }
}
