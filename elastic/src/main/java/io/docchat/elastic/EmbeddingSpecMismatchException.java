package io.docchat.elastic;

/** Thrown when an index was built with another embedding model than the one configured here. */
public class EmbeddingSpecMismatchException extends IllegalStateException {

    private final String index;
    private final EmbeddingSpec indexSpec;
    private final EmbeddingSpec configuredSpec;

    public EmbeddingSpecMismatchException(String index, EmbeddingSpec indexSpec, EmbeddingSpec configuredSpec) {
        super("Index " + index + " was built with embedding model " + indexSpec
                + ", but this process is configured with " + configuredSpec
                + ". Vectors from different models are not comparable. Either set docchat.embedding.* back to "
                + indexSpec.modelId() + ", or rebuild the index with the new model: "
                + "run the batch-indexer with --docchat.indexer.mode=full (it builds a new index version and swaps the alias).");
        this.index = index;
        this.indexSpec = indexSpec;
        this.configuredSpec = configuredSpec;
    }

    public String index() {
        return index;
    }

    public EmbeddingSpec indexSpec() {
        return indexSpec;
    }

    public EmbeddingSpec configuredSpec() {
        return configuredSpec;
    }
}
