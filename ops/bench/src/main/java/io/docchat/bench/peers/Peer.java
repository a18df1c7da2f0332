package io.docchat.bench.peers;

import java.util.List;

/**
 * A peer library's vector store on our cluster, fed and queried the way its documentation shows, with DocChat's
 * embedding model behind it: what a Java team would build instead of DocChat.
 */
public interface Peer extends AutoCloseable {

    /** One stored passage. */
    record Passage(String id, String text) {
    }

    /** One hit: the passage id and the store's similarity score. */
    record Hit(String id, double score) {
    }

    /** Embeds and writes the passages in batches of {@code batch}; returns when all are written and searchable. */
    void add(List<Passage> passages, int batch);

    /** The store's top {@code k} for a query, embedded by the store's own route to the model. */
    List<Hit> search(String query, int k);

    /** Deletes the peer's index. */
    @Override
    void close();
}
