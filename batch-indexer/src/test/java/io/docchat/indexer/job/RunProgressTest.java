package io.docchat.indexer.job;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunProgressTest {

    @Test
    void estimatesChunkTotalsRatesAndTimeLeftFromWhatIsDone() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RunProgress progress = new RunProgress(meters);
        progress.start(100);
        Thread.sleep(50); // a measurable elapsed time for the rates
        progress.documentsDone(10, 30, 1, 2);

        RunProgress.Snapshot s = progress.snapshot();
        assertThat(s.documentsTotal()).isEqualTo(100);
        assertThat(s.documentsDone()).isEqualTo(10);
        assertThat(s.chunksDone()).isEqualTo(30);
        assertThat(s.chunksTotalEstimate()).isEqualTo(300);
        assertThat(s.documentsPerSecond()).isPositive();
        assertThat(s.etaSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(meters.get("docchat.indexer.documents").tag("outcome", "indexed").counter().count()).isEqualTo(9);
        assertThat(meters.get("docchat.indexer.documents").tag("outcome", "skipped").counter().count()).isEqualTo(1);
        assertThat(meters.get("docchat.indexer.chunks.refused").counter().count()).isEqualTo(2);
    }
}
