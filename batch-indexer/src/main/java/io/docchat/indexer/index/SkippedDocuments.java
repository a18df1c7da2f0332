package io.docchat.indexer.index;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code indexer.skipped_document}: files a run could not use, with the reason. */
@Repository
public class SkippedDocuments {

    private final NamedParameterJdbcTemplate jdbc;

    SkippedDocuments(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Long jobExecutionId, String source, String location, String reason) {
        jdbc.update("INSERT INTO indexer.skipped_document (job_execution_id, source, location, reason) VALUES (:job, :source, :location, :reason)",
                new MapSqlParameterSource("job", jobExecutionId).addValue("source", source)
                        .addValue("location", location).addValue("reason", reason));
    }

    public List<Skipped> forJob(long jobExecutionId) {
        return jdbc.query("SELECT source, location, reason, created_at FROM indexer.skipped_document WHERE job_execution_id = :job ORDER BY id",
                Map.of("job", jobExecutionId), (rs, i) -> new Skipped(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()));
    }

    /** One skipped file. */
    public record Skipped(String source, String location, String reason, Instant createdAt) {
    }
}
