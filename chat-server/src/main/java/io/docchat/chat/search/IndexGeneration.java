package io.docchat.chat.search;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The concrete index behind the read alias and its revision, asked again once the known answer is {@code ttl}
 * old: result and answer cache keys include both (an alias swap or an incremental run that changed the index
 * invalidates them), and searches go to the concrete index directly, so one search never mixes two generations.
 * <p>
 * Caffeine keeps the answer and runs one lookup at a time (concurrent callers share the refresh in flight). A
 * caller waits for a refresh at most {@link #REFRESH_WAIT}: a healthy cluster answers in milliseconds, so the
 * answer is fresh; a slow or unreachable one leaves the caller with the last known generation, so cached results
 * are still served and a search that needs Elasticsearch fails on its own within its socket timeout (a lock
 * around a synchronous lookup once queued every search behind it for that long).
 */
final class IndexGeneration {

    static final Duration REFRESH_WAIT = Duration.ofMillis(100);
    private static final java.util.concurrent.Executor REFRESHER = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("index-generation-", 0).factory());

    private record Known(IndexRevisions.Generation generation, long loadedAt) {
    }

    private final IndexManager indexes;
    private final long ttlNanos;
    private final LoadingCache<String, Known> live;

    IndexGeneration(IndexManager indexes, Duration ttl) {
        this.indexes = indexes;
        this.ttlNanos = ttl.toNanos();
        IndexRevisions revisions = new IndexRevisions(indexes);
        // its own thread: on the common pool (one worker on two cores) a lookup stuck on a slow cluster held up
        // whatever else of the search path ran there, one second at a time
        this.live = Caffeine.newBuilder().maximumSize(1).executor(REFRESHER)
                .build(alias -> new Known(revisions.read().orElseThrow(() -> new SearchUnavailableException(
                        "no index behind alias " + alias + " yet: run the batch-indexer first", null)), System.nanoTime()));
    }

    IndexRevisions.Generation current() {
        String alias = indexes.names().readAlias();
        Known known = live.getIfPresent(alias);
        if (known == null) {
            try {
                return live.get(alias).generation();
            } catch (SearchUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unavailable(alias, e);
            }
        }
        if (System.nanoTime() - known.loadedAt() < ttlNanos) {
            return known.generation();
        }
        try {
            return live.refresh(alias).get(REFRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS).generation();
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            return known.generation(); // slow or unreachable: the last known generation, refreshed later
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return known.generation();
        }
    }

    private static SearchUnavailableException unavailable(String alias, RuntimeException e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return new SearchUnavailableException("cannot resolve alias " + alias + ": " + cause.getMessage(), cause);
    }
}
