package io.docchat.indexer;

import io.docchat.elastic.testing.TestServices;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What crash and failover tests read of one index family's runs straight from PostgreSQL (the manifest and
 * Spring Batch's job repository), so they can watch processes they kill; 0 on a database no indexer has
 * migrated yet.
 */
public final class IndexerRuns {

    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(TestServices.jdbcUrl(),
            TestServices.jdbcUser(), TestServices.jdbcPassword()));
    private final String prefix;

    public IndexerRuns(String prefix) {
        this.prefix = prefix;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Documents committed to the manifest of any version of the family. */
    public long committed() {
        if (missing("indexer.manifest")) {
            return 0;
        }
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM indexer.manifest WHERE index_name LIKE ?", Long.class, prefix + "-v%");
        return n == null ? 0 : n;
    }

    /** Job executions of the family, whatever their status. */
    public long executions() {
        return executions("");
    }

    /** Executions the repository says are running (a killed one stays STARTED until it is recovered). */
    public long liveExecutions() {
        return executions(" AND e.status IN ('STARTED', 'STARTING')");
    }

    public void forgetManifest() {
        if (committed() > 0) {
            jdbc.update("DELETE FROM indexer.manifest WHERE index_name LIKE ?", prefix + "-v%");
        }
    }

    private long executions(String condition) {
        if (missing("indexer.batch_job_execution")) {
            return 0;
        }
        Long n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM indexer.batch_job_execution e
                  JOIN indexer.batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
                  WHERE p.parameter_name = 'index' AND p.parameter_value = ?""" + condition, Long.class, prefix);
        return n == null ? 0 : n;
    }

    private boolean missing(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, table));
    }

    /**
     * {@code docs} Markdown files of three sections each, with text unique to this family, so the shared
     * embedding cache cannot make a run instant.
     */
    public void writeDocs(Path folder, int docs) throws IOException {
        for (int i = 0; i < docs; i++) {
            StringBuilder md = new StringBuilder("# Doc " + i + "\n\n");
            for (int s = 0; s < 3; s++) {
                md.append("## Section ").append(s).append("\n\n").append(prefix).append(" document ").append(i)
                        .append(" section ").append(s).append(" explains a topic in some detail. ".repeat(12)).append("\n\n");
            }
            Files.writeString(folder.resolve("doc" + i + ".md"), md.toString());
        }
    }
}
