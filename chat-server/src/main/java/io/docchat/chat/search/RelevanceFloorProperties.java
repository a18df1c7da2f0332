package io.docchat.chat.search;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relevance floor ({@code docchat.search.floor.*}, see {@link RelevanceFloor}): below it a search has no
 * hits and chat says that nothing relevant was found. The defaults are calibrated on SciFact, NFCorpus and the
 * tiny CI collection (ops/bench/results/relevance-floor.md): Recall@10 is the same with and without it on all three
 * (SciFact 0.8646, NFCorpus 0.1692, tiny 1.0); 0.81 already stops a paraphrase of the tiny collection.
 *
 * @param enabled       false: every search returns its k nearest chunks, however far
 * @param minKnnScore   the kNN score (Elasticsearch's {@code (1 + cosine) / 2}) the best vector hit must reach,
 * @param minCoverage   ...unless a hit of the page holds at least this share of the query's stemmed terms
 */
@Validated
@ConfigurationProperties("docchat.search.floor")
public record RelevanceFloorProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.80") @DecimalMin("0.0") @DecimalMax("1.0") double minKnnScore,
        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double minCoverage) {
}
