package io.docchat.chat.search;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * Retrieval settings ({@code docchat.search.*}).
 *
 * @param fusion           how the BM25 and kNN lists are fused ({@code docchat.search.fusion.*})
 * @param candidates       hits each retriever returns; fusion needs depth beyond the page
 * @param numCandidates    HNSW candidates per shard for kNN (recall versus latency)
 * @param titleBoost       BM25F weight of the title (combined_fields takes weights of at least 1)
 * @param generationTtl    how long the concrete index behind the read alias is trusted before asking again
 * @param maxBodyBytes     the largest POST body accepted (larger is 413)
 * @param chunkCacheSize   heap for the chunks of pages already loaded, per instance (0 turns the cache off)
 * @param stemming         BM25 over the {@code stems} field (English stemming done in the app, see
 *                         {@code EnglishStems}) instead of BM25F over title, heading path and text, whenever the
 *                         live index was built with the same analysis (its {@code _meta.stemming}; an older index
 *                         is searched with BM25F until a full rebuild); false turns it off. On by default: chosen
 *                         on NFCorpus (hybrid nDCG@10 0.365 against 0.355), SciFact 0.740 against 0.728
 */
@Validated
@ConfigurationProperties("docchat.search")
public record SearchProperties(
        @DefaultValue @Valid FusionProperties fusion,
        @DefaultValue("100") @Min(50) @Max(1000) int candidates,
        @DefaultValue("150") @Min(50) @Max(10000) int numCandidates,
        @DefaultValue("1.0") @DecimalMin("1.0") float titleBoost,
        @DefaultValue("1.0") @DecimalMin("1.0") float headingBoost,
        @DefaultValue("1.0") @DecimalMin("1.0") float textBoost,
        @DefaultValue("2s") Duration generationTtl,
        @DefaultValue("200") int snippetChars,
        @DefaultValue("16384") int maxBodyBytes,
        @DefaultValue("64MB") DataSize chunkCacheSize,
        @DefaultValue("true") boolean stemming) {

    /** How the BM25 and kNN lists become one: see {@link Fusion}. */
    public enum FusionMethod {
        CONVEX, RRF, DBSF, ADAPTIVE, LEARNED
    }

    /**
     * Fusion settings. {@code adaptive} is the default: the only method here whose weights follow the query, so a
     * retriever that is much weaker on a collection does not drag the stronger one down (convex with fixed equal
     * weights lost 6 points of nDCG@10 to kNN alone on paraphrased questions); on NFCorpus, the development
     * collection, it stays above the better single retriever; see {@link Fusion} and
     * ops/bench/results/retrieval.md (section G) for every method on every collection.
     *
     * @param method     {@code adaptive}, {@code convex}, {@code dbsf}, {@code learned} or {@code rrf}
     * @param rrfK       the RRF constant (60, the paper's value): larger flattens the contribution of top ranks
     * @param bm25Weight weight of the BM25 list (every method but learned; only the ratio of the two weights matters)
     * @param knnWeight  weight of the kNN list
     * @param learnedWeights the {@code learned} method's linear model: {@link Fusion#FEATURES} for bm25, then
     *                   for knn (fitted on NFCorpus by {@code ops/bench/run eval --train-fusion})
     */
    public record FusionProperties(
            @DefaultValue("adaptive") FusionMethod method,
            @DefaultValue("60") @Min(1) int rrfK,
            @DefaultValue("1.0") @DecimalMin("0.0") double bm25Weight,
            @DefaultValue("1.0") @DecimalMin("0.0") double knnWeight,
            @DefaultValue(LEARNED_DEFAULT) List<Double> learnedWeights) {

        /** Fitted on NFCorpus (development collection), see ops/bench/results/retrieval.md. */
        static final String LEARNED_DEFAULT = "1.5499,0.2736,0.6557,-0.3241,1.3862,0.9892,0.2232,0.2762";

        @AssertTrue(message = "at least one fusion weight must be positive")
        boolean isWeighted() {
            return bm25Weight + knnWeight > 0;
        }

        @AssertTrue(message = "learned-weights needs one weight per feature and retriever")
        boolean isLearnedComplete() {
            return learnedWeights.size() == Fusion.FEATURES.size() * Fusion.LEARNED_RETRIEVERS.size();
        }
    }
}
