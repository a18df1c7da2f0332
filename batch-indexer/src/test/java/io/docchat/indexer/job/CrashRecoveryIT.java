package io.docchat.indexer.job;

import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.ChildIndexer;
import io.docchat.indexer.IndexerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** kill -9 in the middle of a run, twice at different points; the next start resumes and completes the run. */
class CrashRecoveryIT {

    private static final int DOCS = 36;

    @TempDir
    Path docs;
    @TempDir
    Path logs;

    @Test
    void killedRunsResumeFromTheirLastCommitWithNoLossAndNoDuplicates() throws Exception {
        String prefix = TestServices.uniquePrefix("crash");
        for (int i = 0; i < DOCS; i++) {
            StringBuilder md = new StringBuilder("# Doc " + i + "\n\n");
            for (int s = 0; s < 3; s++) {
                // Unique text per test run, so the shared embedding cache cannot make the run instant.
                md.append("## Section ").append(s).append("\n\n").append(prefix).append(" document ").append(i)
                        .append(" section ").append(s).append(" explains a topic in some detail. ".repeat(12)).append("\n\n");
            }
            Files.writeString(docs.resolve("doc" + i + ".md"), md.toString());
        }
        Map<String, String> props = IndexerApp.baseProperties(prefix, docs);
        props.put("docchat.indexer.commit-interval", "2");
        props.put("docchat.indexer.run-once", "incremental");
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(TestServices.jdbcUrl(), TestServices.jdbcUser(), TestServices.jdbcPassword()));
        IndexManager indexes = new IndexManager(ElasticClientFactory.create(ElasticProperties.local(TestServices.elasticsearch().toString(), prefix)),
                ElasticProperties.local(TestServices.elasticsearch().toString(), prefix));
        try {
            killWhenCommitted(props, jdbc, prefix, 4, "first");
            long afterFirst = committed(jdbc, prefix);
            killWhenCommitted(props, jdbc, prefix, afterFirst + 8, "second");
            assertThat(indexes.readIndex()).as("nothing is published before the build completes").isEmpty();

            // A server-mode start finds the second crash's STARTED execution and resumes it in the background.
            try (IndexerApp app = IndexerApp.start(prefix, IndexerApp.baseProperties(prefix, docs))) {
                await("the interrupted run resumed at start-up completes").atMost(Duration.ofMinutes(3))
                        .until(() -> indexes.readIndex().isPresent());
                Map<String, String> expected = app.expectedChunks(docs, "docs");
                assertThat(expected).hasSize(DOCS * 3);
                assertThat(app.indexedChunks()).isEqualTo(expected);
                assertThat(indexes.count(app.liveIndex())).isEqualTo(expected.size());
                assertThat(committed(jdbc, prefix)).isEqualTo(DOCS);
                // The crashed executions were recovered and restarted within one job instance: 3 executions.
                Integer executions = jdbc.queryForObject("""
                        SELECT MAX(n) FROM (SELECT COUNT(*) n FROM indexer.batch_job_execution e
                          JOIN indexer.batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
                          WHERE p.parameter_name = 'index' AND p.parameter_value = ? GROUP BY e.job_instance_id) x
                        """, Integer.class, prefix);
                assertThat(executions).isEqualTo(3);

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
            jdbc.update("DELETE FROM indexer.manifest WHERE index_name LIKE ?", prefix + "-v%");
        }
    }

    private void killWhenCommitted(Map<String, String> props, JdbcTemplate jdbc, String prefix, long atLeast, String name) throws Exception {
        Process child = ChildIndexer.start(props, logs.resolve(name + ".log"));
        try {
            await(name + " run commits " + atLeast + " documents").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> committed(jdbc, prefix) >= atLeast || !child.isAlive());
            assertThat(child.isAlive()).as(name + " run still running when killed (log: " + logs + ")").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful stop
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(committed(jdbc, prefix)).isLessThan(DOCS);
    }

    private static long committed(JdbcTemplate jdbc, String prefix) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM indexer.manifest WHERE index_name LIKE ?", Long.class, prefix + "-v%");
        return n == null ? 0 : n;
    }
}
