package io.docchat.indexer.index;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code indexer.dead_letter}: bulk items Elasticsearch refused permanently, kept with the reason. */
@Repository
public class DeadLetters {

    private final NamedParameterJdbcTemplate jdbc;

    DeadLetters(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(Long jobExecutionId, String chunkId, String docId, String index, String errorType, String reason) {
        jdbc.update("INSERT INTO indexer.dead_letter (job_execution_id, chunk_id, doc_id, index_name, error_type, reason) "
                        + "VALUES (:job, :chunk, :doc, :index, :type, :reason)",
                new MapSqlParameterSource("job", jobExecutionId).addValue("chunk", chunkId).addValue("doc", docId)
                        .addValue("index", index).addValue("type", errorType).addValue("reason", reason));
    }

    public List<DeadLetter> recent(int limit) {
        return jdbc.query("SELECT id, job_execution_id, chunk_id, doc_id, index_name, error_type, reason, created_at "
                        + "FROM indexer.dead_letter ORDER BY id DESC LIMIT :limit", Map.of("limit", limit),
                (rs, i) -> new DeadLetter(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
    }

    public List<DeadLetter> forJob(long jobExecutionId) {
        return jdbc.query("SELECT id, job_execution_id, chunk_id, doc_id, index_name, error_type, reason, created_at "
                        + "FROM indexer.dead_letter WHERE job_execution_id = :job ORDER BY id", Map.of("job", jobExecutionId),
                (rs, i) -> new DeadLetter(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
    }

    /** One refused chunk. */
    public record DeadLetter(long id, Long jobExecutionId, String chunkId, String docId, String index, String errorType,
                             String reason, Instant createdAt) {
    }
}
