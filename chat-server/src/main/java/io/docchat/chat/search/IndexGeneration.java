package io.docchat.chat.search;

import io.docchat.elastic.IndexManager;

import java.time.Duration;
import java.util.Optional;

/**
 * The concrete index behind the read alias, asked at most once per {@code ttl}: result-cache keys include
 * it (so an alias swap invalidates them) and searches go to it directly, so one search never mixes two
 * generations.
 */
final class IndexGeneration {

    private record Known(String index, long expiresAt) {
    }

    private final IndexManager indexes;
    private final long ttlNanos;
    private volatile Known known;

    IndexGeneration(IndexManager indexes, Duration ttl) {
        this.indexes = indexes;
        this.ttlNanos = ttl.toNanos();
    }

    String current() {
        Known k = known;
        if (k != null && System.nanoTime() - k.expiresAt() < 0) {
            return k.index();
        }
        synchronized (this) {
            k = known;
            if (k != null && System.nanoTime() - k.expiresAt() < 0) {
                return k.index();
            }
            Optional<String> index;
            try {
                index = indexes.readIndex();
            } catch (RuntimeException e) {
                if (k != null) {
                    // Elasticsearch unreachable: keep the last known generation, so cached results are still
                    // served; searches that need Elasticsearch fail on their own with 503
                    known = new Known(k.index(), System.nanoTime() + ttlNanos);
                    return k.index();
                }
                throw new SearchUnavailableException("cannot resolve alias " + indexes.names().readAlias() + ": " + e.getMessage(), e);
            }
            String live = index.orElseThrow(() -> new SearchUnavailableException(
                    "no index behind alias " + indexes.names().readAlias() + " yet: run the batch-indexer first", null));
            known = new Known(live, System.nanoTime() + ttlNanos);
            return live;
        }
    }
}
