package io.docchat.chat.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.access.Viewer;
import io.docchat.chat.search.SearchQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * First-turn answers in Redis, keyed by the normalised question, the filters, the index generation and the
 * caller's permission set: a new index behind the alias changes the key, so stale answers are never served and
 * need no flush, and an answer written from one set of groups' documents never reaches a caller with others.
 * Follow-ups are never cached (their meaning depends on the conversation). Best effort: Redis errors
 * only cost a cache miss.
 */
final class AnswerCache {

    private static final Logger log = LoggerFactory.getLogger(AnswerCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringRedisTemplate redis;
    private final String prefix;
    private final Duration ttl;

    private final SemanticAnswerIndex semantic;
    private final Function<String, float[]> embedQuery;
    /** The index generation of the last lookup: a guess at the next one, so a lookup can start before retrieval. */
    private volatile String lastGeneration;

    /** @param embedQuery the question's query embedding (the search service's, so it is cached and shared) */
    AnswerCache(StringRedisTemplate redis, String prefix, Duration ttl, SemanticAnswerIndex semantic,
                Function<String, float[]> embedQuery) {
        this.redis = redis;
        this.prefix = prefix;
        this.ttl = ttl;
        this.semantic = semantic;
        this.embedQuery = embedQuery;
    }

    /**
     * The stored answer for this exact (normalised) question, or with the semantic option for a question
     * worded differently but embedded close enough.
     */
    Optional<CachedAnswer> lookup(String key, String indexGeneration, Viewer viewer, String question) {
        lastGeneration = indexGeneration;
        Optional<CachedAnswer> exact = get(key);
        if (exact.isPresent() || !semantic.enabled()) {
            return exact;
        }
        return semantic.nearest(indexGeneration, viewer.partition(), embed(question)).flatMap(this::get);
    }

    void store(String key, String indexGeneration, Viewer viewer, String question, CachedAnswer answer) {
        put(key, answer);
        if (semantic.enabled()) {
            semantic.add(indexGeneration, viewer.partition(), embed(question), key);
        }
    }

    private float[] embed(String question) {
        return embedQuery.apply(normalise(question));
    }

    String lastGeneration() {
        return lastGeneration;
    }

    boolean enabled() {
        return !ttl.isZero() && !ttl.isNegative();
    }

    /** The exact key: generation, permission set ({@link Viewer#partition()}), question and filters. */
    String key(String indexGeneration, Viewer viewer, String question, SearchQuery.Filters filters) {
        String material = indexGeneration + "\n" + viewer.partition() + "\n" + normalise(question) + "\n" + (filters == null ? "" : filters.toString());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String question) {
        return question.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}\\s]+", " ").strip();
    }

    Optional<CachedAnswer> get(String key) {
        try {
            String v = redis.opsForValue().get(key);
            return v == null ? Optional.empty() : Optional.of(JSON.readValue(v, CachedAnswer.class));
        } catch (RuntimeException | JsonProcessingException e) {
            log.warn("answer cache read failed: {}", e.toString());
            return Optional.empty();
        }
    }

    void put(String key, CachedAnswer answer) {
        try {
            redis.opsForValue().set(key, JSON.writeValueAsString(answer), ttl);
        } catch (RuntimeException | JsonProcessingException e) {
            log.warn("answer cache write failed: {}", e.toString());
        }
    }

    /** What a repeated question gets back. */
    record CachedAnswer(String text, List<SourceRef> sources, List<Integer> cited, String model) {
    }
}
