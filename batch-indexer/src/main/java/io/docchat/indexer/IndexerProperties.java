package io.docchat.indexer;

import io.docchat.indexer.source.SourceProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * The indexer's settings ({@code docchat.indexer.*}): what to index, how to cut it, how hard to retry.
 *
 * @param runOnce        {@code incremental} or {@code full}: run once and exit with the job's status; empty
 *                       (the default) runs the scheduler and the admin API instead
 * @param commitInterval documents per Spring Batch chunk: one embedding batch, one bulk request, one commit
 * @param maxFileBytes   larger files are skipped as oversized (they would dominate a run and rarely chunk well)
 */
@Validated
@ConfigurationProperties("docchat.indexer")
public record IndexerProperties(
        @DefaultValue({}) @Valid List<SourceProperties> sources,
        @DefaultValue("") String runOnce,
        @DefaultValue("16") @Min(1) @Max(1000) int commitInterval,
        @DefaultValue("10MB") DataSize maxFileBytes,
        @DefaultValue @Valid Chunking chunking,
        @DefaultValue @Valid Bulk bulk) {

    public IndexerProperties {
        sources = List.copyOf(sources);
        if (!runOnce.isEmpty() && !runOnce.equals("incremental") && !runOnce.equals("full")) {
            throw new IllegalArgumentException("docchat.indexer.run-once must be 'incremental' or 'full', was " + runOnce);
        }
        long names = sources.stream().map(SourceProperties::name).distinct().count();
        if (names != sources.size()) {
            throw new IllegalArgumentException("docchat.indexer.sources[*].name must be unique");
        }
    }

    /**
     * Token budget per chunk, measured with the embedding model's own tokenizer. 448 = BGE's 512-token window
     * minus 64 for the title and heading lines embedded above the chunk, so a chunk is read in full and a
     * section that fits the window stays whole (SciFact, ops/bench/results/retrieval.md F: hybrid nDCG@10
     * +0.006 and 22 % fewer chunks than 320).
     */
    public record Chunking(
            @DefaultValue("448") @Min(16) int maxTokens,
            @DefaultValue("32") @Min(0) int overlapTokens) {

        public Chunking {
            if (overlapTokens >= maxTokens / 2) {
                throw new IllegalArgumentException("docchat.indexer.chunking.overlap-tokens must be below half of max-tokens");
            }
        }
    }

    /** Bulk writes: transient failures (429, 5xx, I/O) are retried with exponential backoff up to a limit. */
    public record Bulk(
            @DefaultValue("5") @Min(1) int maxAttempts,
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("2.0") double backoffMultiplier) {
    }
}
