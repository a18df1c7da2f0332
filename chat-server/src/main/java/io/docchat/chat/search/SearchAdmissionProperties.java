package io.docchat.chat.search;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Admission of cache-miss searches ({@code docchat.search.admission.*}, see {@link SearchAdmission}).
 *
 * @param maxConcurrent cache-miss searches running at once per instance; 0 = four per core
 * @param maxWait       how long a search may wait to start before it is refused with 503
 * @param embeddingThreads query embeddings computed at once (platform threads, {@link EmbeddingLane}); 0 = one per core
 */
@Validated
@ConfigurationProperties("docchat.search.admission")
public record SearchAdmissionProperties(
        @DefaultValue("0") @Min(0) int maxConcurrent,
        @DefaultValue("2s") Duration maxWait,
        @DefaultValue("0") @Min(0) int embeddingThreads) {

    int admitted() {
        return maxConcurrent > 0 ? maxConcurrent : 4 * Runtime.getRuntime().availableProcessors();
    }

    int embeddingLanes() {
        return embeddingThreads > 0 ? embeddingThreads : Runtime.getRuntime().availableProcessors();
    }
}
