package io.docchat.elastic.embed;

import io.docchat.elastic.EmbeddingSpec;

import java.util.List;

/** Turns queries and passages into vectors; the same instance also counts tokens for chunk budgets. */
public interface Embedder extends AutoCloseable {

    EmbeddingSpec spec();

    /** Embeds a search query, with the model's query instruction where it has one. */
    float[] embedQuery(String query);

    /** Embeds passages for indexing, in input order. */
    List<float[]> embedPassages(List<String> passages);

    /** Tokens the model's tokenizer makes of {@code text}, without special tokens. */
    int countTokens(String text);

    /** The most tokens one passage can carry before the model truncates it. */
    int maxTokens();

    @Override
    default void close() {
    }
}
