package io.docchat.indexer.gate;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The retrieval-quality gate before a full rebuild goes live ({@code docchat.indexer.gate.*}).
 *
 * @param k                 a canary hits when a chunk of its target document is in the fused top k (the
 *                          search page's default size)
 * @param canariesPerSource how many canaries are derived per source when none are configured (one per sampled
 *                          document of the live index)
 * @param maxDrop           how far below the live index a source's candidate hit rate may fall (0: at least as
 *                          often as live, the default)
 * @param maxGone           the share of a source's canaries whose target document may be missing from the
 *                          candidate (documents deleted since the live index was built); above it the source fails
 * @param force             publish whatever the gate says (also {@code POST /admin/runs?mode=full&force=true});
 *                          the gate still runs and its figures are still reported
 */
@Validated
@ConfigurationProperties("docchat.indexer.gate")
public record GateProperties(
        @DefaultValue("10") @Min(1) @Max(50) int k,
        @DefaultValue("20") @Min(1) @Max(1000) int canariesPerSource,
        @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double maxDrop,
        @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1") double maxGone,
        @DefaultValue("false") boolean force) {
}
