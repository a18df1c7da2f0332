package io.docchat.chat.search;

import io.docchat.elastic.embed.EmbeddingException;
import io.docchat.elastic.embed.Embedder;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Query embeddings on a fixed set of platform threads, one per core by default: no more embeddings run at
 * once than there are cores to run them, and a request waiting for one does not hold a core. Should request
 * threads be virtual ({@code spring.threads.virtual.enabled}), this also keeps the model's native code from
 * pinning their carriers, which would stall every other request (cache hits included) until it finished.
 */
final class EmbeddingLane implements AutoCloseable {

    private final Embedder embedder;
    private final ExecutorService pool;

    EmbeddingLane(Embedder embedder, int threads) {
        this.embedder = embedder;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "query-embedding");
            t.setDaemon(true);
            return t;
        });
    }

    float[] embedQuery(String text) {
        Future<float[]> f = pool.submit(() -> embedder.embedQuery(text));
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while waiting for the query embedding", e, true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new EmbeddingException("query embedding failed: " + e.getCause(), e.getCause(), false);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
