package io.docchat.indexer.schedule;

import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SchedulerClusterIT {

    @TempDir
    Path docs;

    @Test
    void twoClusteredInstancesRunEachFiringExactlyOnce() throws Exception {
        Files.writeString(docs.resolve("a.md"), "# A\n\nScheduled indexing page.\n");
        String prefix = TestServices.uniquePrefix("cluster");
        Map<String, String> props = IndexerApp.baseProperties(prefix, docs);
        props.put("spring.quartz.auto-startup", "true");
        props.put("docchat.indexer.sources[0].cron", "0/2 * * * * ?");
        try (IndexerApp one = IndexerApp.start(prefix, props); IndexerApp two = IndexerApp.start(prefix, props)) {
            await("six scheduled runs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> scheduledTimes(one, prefix).size() >= 6);
            // Stop both schedulers before counting, so no firing is half-way.
            one.context.getBean(org.quartz.Scheduler.class).standby();
            two.context.getBean(org.quartz.Scheduler.class).standby();
            await("firings in flight finish").atMost(Duration.ofSeconds(30)).until(() ->
                    one.bean(io.docchat.indexer.job.IndexRunner.class).current().isEmpty()
                            && one.context.getBean(org.quartz.Scheduler.class).getCurrentlyExecutingJobs().isEmpty()
                            && two.context.getBean(org.quartz.Scheduler.class).getCurrentlyExecutingJobs().isEmpty());

            List<Instant> times = scheduledTimes(one, prefix);
            assertThat(times).doesNotHaveDuplicates();
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).as("consecutive firings").isEqualTo(Duration.ofSeconds(2));
            }
            double ran = firings(one, "ran") + firings(two, "ran");
            assertThat(ran).as("firings that started a run, over both instances").isEqualTo(times.size());
            assertThat(firings(one, "duplicate") + firings(two, "duplicate")).isZero();
            one.context.getBean(org.quartz.Scheduler.class).deleteJob(org.quartz.JobKey.jobKey("index-docs", "docchat-indexer:" + prefix));
        }
    }

    private static double firings(IndexerApp app, String outcome) {
        var counter = app.bean(MeterRegistry.class).find("docchat.indexer.schedule.firings").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Scheduled fire times of this family's job executions, in order; one entry per execution. */
    private static List<Instant> scheduledTimes(IndexerApp app, String prefix) {
        return app.jdbc().queryForList("""
                SELECT s.parameter_value FROM indexer.batch_job_execution_params s
                JOIN indexer.batch_job_execution_params i ON i.job_execution_id = s.job_execution_id
                JOIN indexer.batch_job_execution_params t ON t.job_execution_id = s.job_execution_id
                WHERE s.parameter_name = 'scheduledAt' AND i.parameter_name = 'index' AND i.parameter_value = ?
                  AND t.parameter_name = 'trigger' AND t.parameter_value = 'schedule'
                ORDER BY s.parameter_value
                """, String.class, prefix).stream().map(Instant::parse).toList();
    }
}
