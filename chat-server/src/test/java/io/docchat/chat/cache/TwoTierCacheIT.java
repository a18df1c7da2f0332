package io.docchat.chat.cache;

import io.docchat.chat.system.SharedRedis;
import io.docchat.elastic.testing.TestServices;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two-tier cache against the real Redis: a result lookup that misses reads the embedding it will need
 * in the same round trip, and the embedding lookup inside the loader uses that read. Redis's own command
 * counters ({@code INFO commandstats}) say how many reads were sent.
 */
class TwoTierCacheIT {

    private static final Codec<String> TEXT = TextCodec.TEXT;

    private SharedRedis redis;
    private String prefix;

    @BeforeEach
    void connect() {
        redis = new SharedRedis(RedisURI.create(TestServices.redisHost(), TestServices.redisPort()), Duration.ofSeconds(1));
        prefix = "docchat-test:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void close() {
        redis.close();
    }

    /** A fresh instance's pair of caches (empty L1s) over the shared Redis. */
    private record Pair(TwoTierCache<String> results, TwoTierCache<String> embeddings) {
    }

    private Pair instance() {
        CacheProperties props = new CacheProperties(prefix, Duration.ofMillis(500), 100, Duration.ofMinutes(5), 100,
                Duration.ofMinutes(5), 50, Duration.ofSeconds(5), 5, Duration.ofSeconds(10));
        CacheFactory factory = new CacheFactory(redis, props, new SimpleMeterRegistry());
        return new Pair(factory.create("results", TEXT, 100, Duration.ofMinutes(5)),
                factory.create("embeddings", TEXT, 100, Duration.ofMinutes(20)));
    }

    @Test
    void aResultMissReadsTheEmbeddingInTheSameRoundTripAndTheLoaderUsesIt() throws Exception {
        // another replica embedded the question before: the embedding is in Redis, the result is not
        instance().embeddings().get("q1", () -> "vector-1");
        awaitStored("embeddings:q1");

        Pair fresh = instance();
        AtomicInteger embedded = new AtomicInteger();
        TwoTierCache.Lookup<?>[] inner = new TwoTierCache.Lookup<?>[1];
        long gets = calls("get");
        long mgets = calls("mget");
        TwoTierCache.Lookup<String> result = fresh.results().get("r1",
                new TwoTierCache.Companion<>(fresh.embeddings(), () -> "q1"), () -> {
                    inner[0] = fresh.embeddings().get("q1", () -> "recomputed-" + embedded.incrementAndGet());
                    return "result for " + inner[0].value();
                });

        assertThat(result.tier()).isEqualTo(TwoTierCache.Tier.LOADED);
        assertThat(result.value()).isEqualTo("result for vector-1");
        assertThat(inner[0].tier()).isEqualTo(TwoTierCache.Tier.L2);
        assertThat(embedded).hasValue(0);
        assertThat(calls("mget") - mgets).isEqualTo(1);
        assertThat(calls("get") - gets).isZero();
    }

    @Test
    void aReadAheadMissIsNotAskedAgainAndAnEmbeddingInL1IsNotReadAhead() throws Exception {
        Pair pair = instance();
        long gets = calls("get");
        long mgets = calls("mget");
        AtomicInteger embedded = new AtomicInteger();
        String first = pair.results().get("r2", new TwoTierCache.Companion<>(pair.embeddings(), () -> "q2"),
                () -> "result for " + pair.embeddings().get("q2", () -> "vector-" + embedded.incrementAndGet()).value()).value();
        assertThat(first).isEqualTo("result for vector-1");
        // both were missing: one MGET said so, and the embedding lookup did not ask Redis again
        assertThat(calls("mget") - mgets).isEqualTo(1);
        assertThat(calls("get") - gets).isZero();
        // both were stored, each with its own time to live
        awaitStored("results:r2");
        awaitStored("embeddings:q2");
        assertThat(ttlSeconds("results:r2")).isBetween(200L, 300L);
        assertThat(ttlSeconds("embeddings:q2")).isBetween(1000L, 1200L);

        // another page of the same question: the embedding is in this instance's memory, so only the result is read
        String second = pair.results().get("r2-page-2", new TwoTierCache.Companion<>(pair.embeddings(), () -> "q2"),
                () -> "page 2 for " + pair.embeddings().get("q2", () -> "vector-" + embedded.incrementAndGet()).value()).value();
        assertThat(second).isEqualTo("page 2 for vector-1");
        assertThat(embedded).hasValue(1);
        assertThat(calls("mget") - mgets).isEqualTo(1);
        assertThat(calls("get") - gets).isEqualTo(1);
    }

    @Test
    void whenTheLoadFailsTheCompanionsValueIsStoredAlone() throws Exception {
        Pair pair = instance();
        assertThatThrownBy(() -> pair.results().get("r3", new TwoTierCache.Companion<>(pair.embeddings(), () -> "q3"), () -> {
            pair.embeddings().get("q3", () -> "vector-3");
            throw new IllegalStateException("Elasticsearch did not answer");
        })).hasMessageContaining("Elasticsearch");
        awaitStored("embeddings:q3");
        assertThat(redis.connection().orElseThrow().sync().exists((prefix + "results:r3").getBytes(StandardCharsets.UTF_8))).isZero();
        // another instance finds the embedding in Redis
        Pair other = instance();
        assertThat(other.embeddings().get("q3", () -> "recomputed")).isEqualTo(new TwoTierCache.Lookup<>("vector-3", TwoTierCache.Tier.L2));
    }

    private long ttlSeconds(String key) {
        return redis.connection().orElseThrow().sync().ttl((prefix + key).getBytes(StandardCharsets.UTF_8));
    }

    private void awaitStored(String key) throws InterruptedException {
        byte[] full = (prefix + key).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 100; i++) {
            if (redis.connection().orElseThrow().sync().exists(full) == 1) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the write of " + key + " never reached Redis");
    }

    /** How many times Redis has run {@code command} since it started. */
    private long calls(String command) {
        String stats = redis.connection().orElseThrow().sync().info("commandstats");
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
