package io.docchat.chat.search;

import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;

import java.time.Duration;
import java.util.Optional;

/**
 * The concrete index behind the read alias and its revision, asked at most once per {@code ttl}: result and
 * answer cache keys include both (an alias swap or an incremental run that changed the index invalidates
 * them), and searches go to the concrete index directly, so one search never mixes two generations.
 */
final class IndexGeneration {

    private record Known(IndexRevisions.Generation generation, long expiresAt) {
    }

    private final IndexManager indexes;
    private final IndexRevisions revisions;
    private final long ttlNanos;
    private volatile Known known;

    IndexGeneration(IndexManager indexes, Duration ttl) {
        this.indexes = indexes;
        this.revisions = new IndexRevisions(indexes);
        this.ttlNanos = ttl.toNanos();
    }

    IndexRevisions.Generation current() {
        Known k = known;
        if (k != null && System.nanoTime() - k.expiresAt() < 0) {
            return k.generation();
        }
        synchronized (this) {
            k = known;
            if (k != null && System.nanoTime() - k.expiresAt() < 0) {
                return k.generation();
            }
            Optional<IndexRevisions.Generation> index;
            try {
                index = revisions.read();
            } catch (RuntimeException e) {
                if (k != null) {
                    // Elasticsearch unreachable: keep the last known generation, so cached results are still
                    // served; searches that need Elasticsearch fail on their own with 503
                    known = new Known(k.generation(), System.nanoTime() + ttlNanos);
                    return k.generation();
                }
                throw new SearchUnavailableException("cannot resolve alias " + indexes.names().readAlias() + ": " + e.getMessage(), e);
            }
            IndexRevisions.Generation live = index.orElseThrow(() -> new SearchUnavailableException(
                    "no index behind alias " + indexes.names().readAlias() + " yet: run the batch-indexer first", null));
            known = new Known(live, System.nanoTime() + ttlNanos);
            return live;
        }
    }
}
