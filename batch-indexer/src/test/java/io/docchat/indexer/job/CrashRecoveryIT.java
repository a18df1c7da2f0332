package io.docchat.indexer.job;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 at random points of a run, {@code docchat.crash.kills} times (3 in the suite; the harness form is 20:
 * {@code -Ddocchat.crash.kills=20}), each at a random moment: during start-up, between commits or mid-chunk.
 * The next server-mode start recovers the orphaned execution within 60 s and completes the run: ids and
 * content hashes equal the source, no duplicates, one job instance, at most one live execution at a time.
 * The seed is printed; {@code -Ddocchat.crash.seed=N} replays a run.
 */
class CrashRecoveryIT {

    private static final int DOCS = 36;
    private static final int KILLS = Integer.getInteger("docchat.crash.kills", 3);
    private static final long SEED = Long.getLong("docchat.crash.seed", System.nanoTime());

    @TempDir
    Path docs;
    @TempDir
    Path logs;

    @Test
    void killedRunsResumeFromTheirLastCommitWithNoLossAndNoDuplicates() throws Exception {
        String prefix = TestServices.uniquePrefix("crash");
        IndexerRuns runs = new IndexerRuns(prefix);
        runs.writeDocs(docs, DOCS);
        Map<String, String> props = IndexerApp.baseProperties(prefix, docs);
        props.put("docchat.indexer.commit-interval", "2");
        props.put("docchat.indexer.run-once", "incremental");
        JdbcTemplate jdbc = runs.jdbc();
        IndexManager indexes = new IndexManager(ElasticClientFactory.create(ElasticProperties.local(TestServices.elasticsearch().toString(), prefix)),
                ElasticProperties.local(TestServices.elasticsearch().toString(), prefix));
        java.util.Random random = new java.util.Random(SEED);
        System.out.printf("[crash] %d kills at random points, seed %d%n", KILLS, SEED);
        int kills = 0;
        try {
            while (kills < KILLS) {
                if (!killAtRandomPoint(props, runs, random, "kill-" + (kills + 1))) {
                    break; // the run finished before the chosen moment: nothing left to interrupt
                }
                kills++;
                assertThat(runs.liveExecutions()).as("live executions after kill " + kills).isLessThanOrEqualTo(1);
            }
            System.out.printf("[crash] %d kills done, %d of %d documents committed%n", kills, runs.committed(), DOCS);
            assertThat(kills).as("kills that interrupted the run").isEqualTo(KILLS);
            assertThat(indexes.readIndex()).as("nothing is published before the build completes").isEmpty();

            // A server-mode start finds the last crash's STARTED execution and resumes it in the background.
            long restartAt = System.nanoTime();
            long before = runs.executions();
            try (IndexerApp app = IndexerApp.start(prefix, IndexerApp.baseProperties(prefix, docs))) {
                await("the orphaned execution is recovered and resumed").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> runs.executions() > before || indexes.readIndex().isPresent());
                System.out.printf("[crash] orphan recovered %d ms after the restart began%n",
                        (System.nanoTime() - restartAt) / 1_000_000);
                assertThat(runs.liveExecutions()).as("live executions while resuming").isLessThanOrEqualTo(1);
                await("the interrupted run resumed at start-up completes").atMost(Duration.ofMinutes(3))
                        .until(() -> indexes.readIndex().isPresent());
                Map<String, String> expected = app.expectedChunks(docs, "docs");
                assertThat(expected).hasSize(DOCS * 3);
                assertThat(app.indexedChunks()).isEqualTo(expected);
                assertThat(indexes.count(app.liveIndex())).isEqualTo(expected.size());
                assertThat(runs.committed()).isEqualTo(DOCS);
                // The crashed executions were recovered and restarted within one job instance: one execution
                // per kill that came after the execution existed, plus the one that completed.
                Integer instances = jdbc.queryForObject("""
                        SELECT COUNT(DISTINCT e.job_instance_id) FROM indexer.batch_job_execution e
                          JOIN indexer.batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
                          WHERE p.parameter_name = 'index' AND p.parameter_value = ?
                        """, Integer.class, prefix);
                assertThat(instances).as("job instances for one build").isEqualTo(1);
                assertThat(runs.executions()).isBetween(2L, (long) KILLS + 1);
                assertThat(runs.liveExecutions()).isZero();

                // The one-shot command on an index that is up to date: nothing to do, exit status 0.
                String live = app.liveIndex();
                long writes = IncrementalIndexIT.writes(app, live);
                Process last = ChildIndexer.start(props, logs.resolve("last.log"));
                assertThat(last.waitFor(3, TimeUnit.MINUTES)).isTrue();
                assertThat(last.exitValue()).as("exit status of the one-shot run").isZero();
                assertThat(app.liveIndex()).isEqualTo(live);
                assertThat(IncrementalIndexIT.writes(app, live)).isEqualTo(writes);
            }
        } finally {
            indexes.versions().forEach(indexes::deleteIndex);
            runs.forgetManifest();
        }
    }

    /**
     * Starts a one-shot run and kills it with SIGKILL at a random moment: a third of the kills at a random time
     * after the JVM starts (start-up, planning, the first chunk), the rest when a random number of further
     * documents has been committed. Returns false when the run completed first.
     */
    private boolean killAtRandomPoint(Map<String, String> props, IndexerRuns runs,
                                      java.util.Random random, String name) throws Exception {
        long committedBefore = runs.committed();
        Process child = ChildIndexer.start(props, logs.resolve(name + ".log"));
        try {
            // Commits come two documents at a time: a target past DOCS - 4 could only be met by the run's end.
            long room = DOCS - 4 - committedBefore;
            if (room < 2 || random.nextInt(3) == 0) {
                // during start-up, planning or the first chunk: the JVM alone takes longer than 3 s to start here
                long millis = 500 + random.nextInt(room < 2 ? 2_500 : 6_000);
                await(name + " waits " + millis + " ms").atMost(Duration.ofMillis(millis + 1_000))
                        .pollDelay(Duration.ofMillis(millis)).until(() -> true);
            } else {
                long target = committedBefore + 1 + random.nextInt((int) Math.max(1, room / 3));
                await(name + " run commits " + target + " documents").atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> runs.committed() >= target || !child.isAlive());
            }
            if (!child.isAlive() || runs.committed() >= DOCS) {
                return false;
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful stop
            child.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.printf("[crash] %s: killed with %d of %d documents committed%n", name, runs.committed(), DOCS);
        return runs.committed() < DOCS;
    }
}
