package io.docchat.bench.peers;

import io.docchat.elastic.EmbeddingSpec;
import io.docchat.elastic.embed.Embedder;

import java.util.List;

/**
 * A fake model for the peer adapters' tests that marks which path a text took: a query becomes
 * {@code [1, length]}, a passage {@code [0, length]}. An adapter that sent a query down the passage path (without
 * BGE's query instruction) or the reverse shows in the first component.
 */
final class MarkingEmbedder implements Embedder {

    @Override
    public EmbeddingSpec spec() {
        return new EmbeddingSpec("test", 2, "cosine");
    }

    @Override
    public float[] embedQuery(String query) {
        return new float[]{1, query.length()};
    }

    @Override
    public List<float[]> embedPassages(List<String> passages) {
        return passages.stream().map(p -> new float[]{0, p.length()}).toList();
    }

    @Override
    public int countTokens(String text) {
        return 1;
    }

    @Override
    public int maxTokens() {
        return 512;
    }
}
