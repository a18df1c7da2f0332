package io.docchat.chat.system;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * One lettuce connection (binary keys and values) shared by the L2 cache and the rate limiter. It is
 * made lazily and retried at most once a second, so the server starts and serves while Redis is down;
 * once connected, lettuce reconnects by itself. Commands fail fast while disconnected instead of
 * queueing, because both users have a local fallback and must not wait.
 */
public final class SharedRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedRedis.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisClient client;
    private final RedisURI uri;
    private final Duration commandTimeout;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile long nextAttempt;

    public SharedRedis(RedisURI uri, Duration commandTimeout) {
        this.uri = uri;
        this.commandTimeout = commandTimeout;
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(Duration.ofMillis(500)))
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).build())
                .build());
    }

    /** The longest any command waits for its answer. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** The connection, or empty while Redis cannot be reached. */
    public Optional<StatefulRedisConnection<byte[], byte[]>> connection() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c != null) {
            return Optional.of(c);
        }
        if (System.nanoTime() - nextAttempt < 0) {
            return Optional.empty();
        }
        synchronized (this) {
            if (connection == null && System.nanoTime() - nextAttempt >= 0) {
                try {
                    connection = client.connect(ByteArrayCodec.INSTANCE, uri);
                    log.info("connected to Redis at {}:{}", uri.getHost(), uri.getPort());
                } catch (RuntimeException e) {
                    nextAttempt = System.nanoTime() + RETRY_NANOS;
                    log.warn("Redis at {}:{} unreachable ({}); using local fallbacks", uri.getHost(), uri.getPort(), e.toString());
                }
            }
            return Optional.ofNullable(connection);
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
