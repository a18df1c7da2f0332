package io.docchat.chat.search;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;

import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * The concrete index behind the read alias and its revision: result and answer cache keys include both (an
 * alias swap or an incremental run that changed the index invalidates them), and searches go to the concrete
 * index directly, so one search never mixes two generations.
 * <p>
 * Asked again {@code ttl} after the last answer, in the background: callers keep the known generation while
 * the alias is read, so a slow or unreachable Elasticsearch never holds a search behind the alias lookup (a
 * lock around a synchronous lookup queued every search for the socket timeout). When the lookup fails, the
 * last known generation stays, so cached results are still served; searches that need Elasticsearch fail on
 * their own with 503.
 */
final class IndexGeneration {

    private final IndexManager indexes;
    private final LoadingCache<String, IndexRevisions.Generation> live;

    IndexGeneration(IndexManager indexes, Duration ttl) {
        this.indexes = indexes;
        IndexRevisions revisions = new IndexRevisions(indexes);
        this.live = Caffeine.newBuilder().maximumSize(1).refreshAfterWrite(ttl)
                .build(alias -> revisions.read().orElseThrow(() -> new SearchUnavailableException(
                        "no index behind alias " + alias + " yet: run the batch-indexer first", null)));
    }

    IndexRevisions.Generation current() {
        String alias = indexes.names().readAlias();
        try {
            return live.get(alias);
        } catch (SearchUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new SearchUnavailableException("cannot resolve alias " + alias + ": " + cause.getMessage(), cause);
        }
    }
}
