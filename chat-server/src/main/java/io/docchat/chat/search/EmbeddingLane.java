package io.docchat.chat.search;

import io.docchat.elastic.embed.EmbeddingException;
import io.docchat.elastic.embed.Embedder;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Query embeddings on a fixed set of platform threads, one per core. Requests run on virtual threads, and
 * a virtual thread inside the model's native code pins its carrier: with as many embeddings in flight as
 * there are carriers, no other request (cache hits included) could run until one finished. Here the
 * waiting request unmounts, and no more embeddings run at once than there are cores to run them.
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
