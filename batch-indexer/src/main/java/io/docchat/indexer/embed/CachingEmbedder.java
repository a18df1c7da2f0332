package io.docchat.indexer.embed;

import io.docchat.elastic.embed.Embedder;
import io.docchat.indexer.source.ContentHash;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeds passages in one batch per call, through the embedding cache: a text this model has embedded
 * before (in any run, for any index) is never embedded again, and duplicates within a batch only once.
 */
@Component
public class CachingEmbedder {

    private final Embedder embedder;
    private final EmbeddingCache cache;
    private final Timer embedTime;
    private final Counter hits;
    private final Counter misses;

    CachingEmbedder(Embedder embedder, EmbeddingCache cache, MeterRegistry meters) {
        this.embedder = embedder;
        this.cache = cache;
        this.embedTime = Timer.builder("docchat.indexer.embed").description("model time for cache misses").register(meters);
        this.hits = Counter.builder("docchat.indexer.embedding.cache").tag("result", "hit").register(meters);
        this.misses = Counter.builder("docchat.indexer.embedding.cache").tag("result", "miss").register(meters);
    }

    public Embedder embedder() {
        return embedder;
    }

    /** Vectors for {@code texts}, in order. */
    public List<float[]> embed(List<String> texts) {
        String model = embedder.spec().modelId();
        List<String> hashes = texts.stream().map(ContentHash::of).toList();
        Map<String, float[]> known = cache.find(model, hashes);
        Map<String, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!known.containsKey(hashes.get(i))) {
                missing.putIfAbsent(hashes.get(i), texts.get(i));
            }
        }
        hits.increment(texts.size() - missing.size());
        misses.increment(missing.size());
        if (!missing.isEmpty()) {
            List<float[]> fresh = embedTime.record(() -> embedder.embedPassages(new ArrayList<>(missing.values())));
            Map<String, float[]> computed = new LinkedHashMap<>();
            int i = 0;
            for (String hash : missing.keySet()) {
                computed.put(hash, fresh.get(i++));
            }
            cache.store(model, computed);
            known.putAll(computed);
        }
        return hashes.stream().map(known::get).toList();
    }
}
