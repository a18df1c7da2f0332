package io.docchat.indexer.schedule;

import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.ChildIndexer;
import io.docchat.indexer.IndexerApp;
import io.docchat.indexer.IndexerRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three clustered indexer processes share one Quartz store; the one running a scheduled build is killed with
 * SIGKILL mid-run. Quartz sees the instance gone and another instance fires the job again for the same
 * scheduled time (the job requests recovery), which resumes the orphaned execution from its last commit: the
 * re-run starts within 60 s of the kill, the build completes with every chunk once, and no two executions are
 * ever live at once.
 */
class SchedulerFailoverIT {

    private static final int DOCS = 60;
    private static final int FIRST_PORT = Integer.getInteger("docchat.it.failover.port", 18700);

    @TempDir
    Path docs;
    @TempDir
    Path logs;

    @Test
    void killingTheInstanceRunningTheJobReRunsItOnAnotherWithinSixtySeconds() throws Exception {
        String prefix = TestServices.uniquePrefix("failover");
        IndexerRuns runs = new IndexerRuns(prefix);
        runs.writeDocs(docs, DOCS);
        JdbcTemplate jdbc = runs.jdbc();
        ElasticProperties es = ElasticProperties.local(TestServices.elasticsearch().toString(), prefix);
        IndexManager indexes = new IndexManager(ElasticClientFactory.create(es), es);
        List<Process> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Map<String, String> props = IndexerApp.baseProperties(prefix, docs);
                props.put("spring.quartz.auto-startup", "true");
                props.put("spring.quartz.properties.org.quartz.scheduler.instanceId", "node-" + i);
                props.put("server.port", String.valueOf(FIRST_PORT + i));
                props.put("management.server.port", String.valueOf(FIRST_PORT + 10 + i));
                props.put("docchat.indexer.commit-interval", "2");
                props.put("docchat.indexer.sources[0].cron", "0/20 * * * * ?");
                nodes.add(ChildIndexer.start(props, logs.resolve("node-" + i + ".log")));
            }
            String running = await("a scheduled build is running on one instance").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> executingInstance(jdbc, prefix), r -> r != null && runs.committed() >= 2);
            int victim = Integer.parseInt(running.substring("node-".length()));
            long executionsBefore = runs.executions();
            Process process = nodes.get(victim);
            process.destroyForcibly(); // SIGKILL
            process.waitFor(30, TimeUnit.SECONDS);
            long killedAt = System.nanoTime();
            long committedAtKill = runs.committed();

            await("another instance re-runs the build").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runs.executions() > executionsBefore || indexes.readIndex().isPresent());
            long rerunMillis = (System.nanoTime() - killedAt) / 1_000_000;
            String rerunOn = executingInstance(jdbc, prefix);
            System.out.printf("[failover] %s killed with %d of %d documents committed; re-run after %d ms on %s%n",
                    running, committedAtKill, DOCS, rerunMillis, rerunOn);
            assertThat(rerunOn).as("the re-run's instance").isNotEqualTo(running);
            assertThat(runs.liveExecutions()).as("live executions after the failover").isLessThanOrEqualTo(1);

            await("the build completes").atMost(Duration.ofMinutes(3)).until(() -> indexes.readIndex().isPresent());
            String live = indexes.readIndex().orElseThrow();
            indexes.refresh(live);
            assertThat(indexes.count(live)).as("every chunk once").isEqualTo(DOCS * 3);
            assertThat(runs.committed()).isEqualTo(DOCS);
        } finally {
            for (Process p : nodes) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            indexes.versions().forEach(indexes::deleteIndex);
        }
    }

    /** The Quartz instance executing this family's job right now, or null. */
    private static String executingInstance(JdbcTemplate jdbc, String prefix) {
        if (jdbc.queryForObject("SELECT to_regclass('indexer.qrtz_fired_triggers') IS NULL", Boolean.class)) {
            return null;
        }
        List<String> names = jdbc.queryForList("""
                SELECT instance_name FROM indexer.qrtz_fired_triggers
                WHERE sched_name = ? AND state = 'EXECUTING' ORDER BY fired_time DESC
                """, String.class, prefix);
        return names.isEmpty() ? null : names.get(0);
    }
}
