package io.docchat.chat.cache;

import io.docchat.chat.system.SharedRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The shared tier. Every call is bounded by a short timeout and guarded by a circuit breaker: when Redis
 * is down or slow the breaker opens, calls are skipped without waiting, and after {@code breakerOpenFor}
 * a few probes decide whether Redis is back. Failures never reach the caller.
 */
final class RedisL2 {

    /** A read's outcome; {@code FAILED} and {@code SKIPPED} mean "no answer from Redis". */
    enum Status { HIT, MISS, FAILED, SKIPPED }

    record Read(Status status, byte[] value) {
    }

    private final SharedRedis redis;
    private final CircuitBreaker breaker;
    private final Duration timeout;
    private final String prefix;

    RedisL2(SharedRedis redis, CircuitBreaker breaker, Duration timeout, String prefix) {
        this.redis = redis;
        this.breaker = breaker;
        this.timeout = timeout;
        this.prefix = prefix;
    }

    Read get(String key) {
        return get(key, null, null)[0];
    }

    /**
     * This tier's {@code key} and, when {@code other} is given, {@code other}'s {@code otherKey} in one round
     * trip ({@code MGET}: both tiers live in the same Redis). Guarded by this tier's breaker alone.
     */
    Read[] get(String key, RedisL2 other, String otherKey) {
        int n = other == null ? 1 : 2;
        if (!breaker.tryAcquirePermission()) {
            return reads(n, Status.SKIPPED);
        }
        long start = System.nanoTime();
        try {
            Optional<StatefulRedisConnection<byte[], byte[]>> c = redis.connection();
            if (c.isEmpty()) {
                breaker.onError(0, TimeUnit.NANOSECONDS, new IllegalStateException("Redis not connected"));
                return reads(n, Status.FAILED);
            }
            Read[] out = new Read[n];
            if (other == null) {
                out[0] = read(c.get().async().get(bytes(key)).toCompletableFuture()
                        .get(timeout.toNanos(), TimeUnit.NANOSECONDS));
            } else {
                List<KeyValue<byte[], byte[]>> values = c.get().async().mget(bytes(key), other.bytes(otherKey))
                        .toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                for (int i = 0; i < n; i++) {
                    out[i] = read(values.get(i).getValueOrElse(null));
                }
            }
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            return reads(n, Status.FAILED);
        } catch (Exception e) {
            // timeouts, refused connections, rejected commands while disconnected: all mean "no L2 now"
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            return reads(n, Status.FAILED);
        }
    }

    private static Read read(byte[] value) {
        return value == null ? new Read(Status.MISS, null) : new Read(Status.HIT, value);
    }

    private static Read[] reads(int n, Status status) {
        Read[] out = new Read[n];
        Arrays.fill(out, new Read(status, null));
        return out;
    }

    /** A value to store under one of this tier's keys. */
    record Write(byte[] key, byte[] value, Duration ttl) {
    }

    Write write(String key, byte[] value, Duration ttl) {
        return new Write(bytes(key), value, ttl);
    }

    /**
     * Fire and forget: the request does not wait. Several writes (of this tier or another in the same Redis)
     * go out in one network write, as one {@code PSETEX} each.
     */
    void put(List<Write> writes) {
        if (!breaker.tryAcquirePermission()) {
            return;
        }
        Optional<StatefulRedisConnection<byte[], byte[]>> c = redis.connection();
        if (c.isEmpty()) {
            breaker.onError(0, TimeUnit.NANOSECONDS, new IllegalStateException("Redis not connected"));
            return;
        }
        long start = System.nanoTime();
        try {
            List<AsyncCommand<byte[], byte[], String>> commands = writes.stream().map(RedisL2::psetex).toList();
            c.get().dispatch(commands);
            CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
                if (error == null) {
                    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                } else {
                    breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, error);
                }
            });
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        }
    }

    private static AsyncCommand<byte[], byte[], String> psetex(Write w) {
        return new AsyncCommand<>(new Command<>(CommandType.PSETEX, new StatusOutput<>(ByteArrayCodec.INSTANCE),
                new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(w.key()).add(w.ttl().toMillis()).addValue(w.value())));
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    private byte[] bytes(String key) {
        return (prefix + key).getBytes(StandardCharsets.UTF_8);
    }
}
