package io.docchat.elastic;

import java.util.Map;
import java.util.Objects;

/**
 * The embedding model an index was built with. Vectors are only comparable with query vectors from the
 * same model, so the spec is part of the index contract and is stored in the index {@code _meta}.
 */
public record EmbeddingSpec(String modelId, int dimensions, String similarity) {

    public EmbeddingSpec {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("embedding model id must not be blank");
        }
        if (dimensions < 1 || dimensions > 4096) {
            throw new IllegalArgumentException("embedding dimensions must be in 1..4096, was " + dimensions);
        }
        similarity = similarity == null ? "cosine" : similarity;
    }

    public Map<String, Object> toMeta() {
        return Map.of("model_id", modelId, "dimensions", dimensions, "similarity", similarity);
    }

    static EmbeddingSpec fromMeta(Map<String, ?> meta) {
        Object dims = Objects.requireNonNull(meta.get("dimensions"), "dimensions");
        return new EmbeddingSpec(String.valueOf(meta.get("model_id")),
                dims instanceof Number n ? n.intValue() : Integer.parseInt(dims.toString()),
                String.valueOf(meta.get("similarity")));
    }

    @Override
    public String toString() {
        return modelId + " (" + dimensions + " d, " + similarity + ")";
    }
}
