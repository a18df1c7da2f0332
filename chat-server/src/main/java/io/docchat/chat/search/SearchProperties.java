package io.docchat.chat.search;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Retrieval settings ({@code docchat.search.*}).
 *
 * @param rrfK             the RRF constant: larger flattens the contribution of top ranks
 * @param bm25Weight       weight of the BM25 list in the fusion
 * @param knnWeight        weight of the kNN list in the fusion
 * @param candidates       hits each retriever returns; fusion needs depth beyond the page
 * @param numCandidates    HNSW candidates per shard for kNN (recall versus latency)
 * @param titleBoost       BM25F weight of the title (combined_fields takes weights of at least 1)
 * @param generationTtl    how long the concrete index behind the read alias is trusted before asking again
 * @param maxBodyBytes     the largest POST body accepted (larger is 413)
 */
@Validated
@ConfigurationProperties("docchat.search")
public record SearchProperties(
        @DefaultValue("60") @Min(1) int rrfK,
        @DefaultValue("1.0") @DecimalMin("0.0") double bm25Weight,
        @DefaultValue("1.0") @DecimalMin("0.0") double knnWeight,
        @DefaultValue("100") @Min(50) @Max(1000) int candidates,
        @DefaultValue("150") @Min(50) @Max(10000) int numCandidates,
        @DefaultValue("1.0") @DecimalMin("1.0") float titleBoost,
        @DefaultValue("1.0") @DecimalMin("1.0") float headingBoost,
        @DefaultValue("1.0") @DecimalMin("1.0") float textBoost,
        @DefaultValue("2s") Duration generationTtl,
        @DefaultValue("200") int snippetChars,
        @DefaultValue("16384") int maxBodyBytes) {
}
