package io.docchat.elastic.embed;

import io.docchat.elastic.EmbeddingSpec;

import java.util.List;

/**
 * An {@link Embedder} that forwards every call to {@link #delegate()}; a wrapper (a counting, recording or
 * renamed model in tests and benchmarks) overrides only what it changes. Closing a wrapper does not close the
 * delegate, which the wrapper does not own.
 */
public interface ForwardingEmbedder extends Embedder {

    Embedder delegate();

    @Override
    default EmbeddingSpec spec() {
        return delegate().spec();
    }

    @Override
    default float[] embedQuery(String query) {
        return delegate().embedQuery(query);
    }

    @Override
    default List<float[]> embedPassages(List<String> passages) {
        return delegate().embedPassages(passages);
    }

    @Override
    default int countTokens(String text) {
        return delegate().countTokens(text);
    }

    @Override
    default int maxTokens() {
        return delegate().maxTokens();
    }
}
