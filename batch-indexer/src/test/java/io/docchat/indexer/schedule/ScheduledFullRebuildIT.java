package io.docchat.indexer.schedule;

import io.docchat.elastic.IndexManager;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped full-rebuild schedule really rebuilds: its firings run in full mode (new versions, swapped in by
 * alias), beside the source's own incremental trigger.
 */
class ScheduledFullRebuildIT {

    @TempDir
    Path docs;

    @Test
    void theFullRebuildCronBuildsNewVersionsAndTheSourceCronRunsIncrementally() throws Exception {
        Files.writeString(docs.resolve("a.md"), "# A\n\nA page the weekly rebuild indexes again.\n");
        String prefix = TestServices.uniquePrefix("fullcron");
        Map<String, String> props = IndexerApp.baseProperties(prefix, docs);
        props.put("spring.quartz.auto-startup", "true");
        props.put("docchat.indexer.sources[0].cron", "0/2 * * * * ?");
        props.put("docchat.indexer.schedule.full-rebuild-cron", "0/5 * * * * ?");
        try (IndexerApp app = IndexerApp.start(prefix, props)) {
            await("two scheduled full rebuilds").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> scheduledRuns(app, prefix, "full").size() >= 2);
            org.quartz.Scheduler scheduler = app.context.getBean(org.quartz.Scheduler.class);
            scheduler.standby();
            await("firings in flight finish").atMost(Duration.ofSeconds(60)).until(() ->
                    app.bean(io.docchat.indexer.job.IndexRunner.class).current().isEmpty()
                            && scheduler.getCurrentlyExecutingJobs().isEmpty());

            assertThat(scheduledRuns(app, prefix, "incremental")).as("the source's incremental firings").isNotEmpty();
            IndexManager indexes = app.bean(IndexManager.class);
            // each completed full run built a version of its own; the live one is the newest
            List<String> versions = indexes.versions();
            assertThat(versions).hasSizeGreaterThanOrEqualTo(2);
            assertThat(indexes.readIndex()).contains(versions.stream()
                    .max(java.util.Comparator.comparingInt(v -> indexes.names().versionOf(v).orElse(0))).orElseThrow());
            assertThat(indexes.count(indexes.readIndex().orElseThrow())).isPositive();
            scheduler.deleteJob(org.quartz.JobKey.jobKey("index-docs", "docchat-indexer:" + prefix));
        }
    }

    /** Completed scheduled executions of this family in the given mode. */
    private static List<String> scheduledRuns(IndexerApp app, String prefix, String mode) {
        return app.jdbc().queryForList("""
                SELECT CAST(e.job_execution_id AS VARCHAR) FROM indexer.batch_job_execution e
                JOIN indexer.batch_job_execution_params i ON i.job_execution_id = e.job_execution_id
                JOIN indexer.batch_job_execution_params m ON m.job_execution_id = e.job_execution_id
                JOIN indexer.batch_job_execution_params t ON t.job_execution_id = e.job_execution_id
                WHERE i.parameter_name = 'index' AND i.parameter_value = ?
                  AND m.parameter_name = 'mode' AND m.parameter_value = ?
                  AND t.parameter_name = 'trigger' AND t.parameter_value = 'schedule'
                  AND e.status = 'COMPLETED'
                """, String.class, prefix, mode);
    }
}
