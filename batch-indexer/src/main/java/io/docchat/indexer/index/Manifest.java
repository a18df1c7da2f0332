package io.docchat.indexer.index;

import io.docchat.indexer.source.SourceDocument;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code indexer.manifest}: per index generation, each document's content hash and chunk count. Writes join
 * the Spring Batch chunk transaction, so the manifest moves exactly with the committed progress of a run.
 */
@Repository
public class Manifest {

    private final NamedParameterJdbcTemplate jdbc;

    Manifest(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Entries of {@code index}, by document id; {@code sources} empty means all sources. */
    public Map<String, ManifestEntry> entries(String index, Collection<String> sources) {
        Map<String, ManifestEntry> out = new HashMap<>();
        String sql = "SELECT doc_id, source, location, content_hash, chunk_count, failed_chunks FROM indexer.manifest "
                + "WHERE index_name = :index" + (sources.isEmpty() ? "" : " AND source IN (:sources)");
        jdbc.query(sql, new MapSqlParameterSource("index", index).addValue("sources", sources), rs -> {
            out.put(rs.getString(1), new ManifestEntry(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getString(4).trim(), rs.getInt(5), rs.getInt(6)));
        });
        return out;
    }

    public void upsert(String index, SourceDocument doc, int chunkCount, int failedChunks) {
        jdbc.update("""
                INSERT INTO indexer.manifest (doc_id, source, location, content_hash, chunk_count, failed_chunks, index_name, indexed_at)
                VALUES (:doc, :source, :location, :hash, :chunks, :failed, :index, now())
                ON CONFLICT (index_name, doc_id) DO UPDATE SET source = EXCLUDED.source, location = EXCLUDED.location,
                    content_hash = EXCLUDED.content_hash, chunk_count = EXCLUDED.chunk_count,
                    failed_chunks = EXCLUDED.failed_chunks, indexed_at = now()
                """, new MapSqlParameterSource("doc", doc.docId()).addValue("source", doc.source())
                .addValue("location", doc.location()).addValue("hash", doc.contentHash())
                .addValue("chunks", chunkCount).addValue("failed", failedChunks).addValue("index", index));
    }

    public void delete(String index, Collection<String> docIds) {
        if (!docIds.isEmpty()) {
            jdbc.update("DELETE FROM indexer.manifest WHERE index_name = :index AND doc_id IN (:docs)",
                    new MapSqlParameterSource("index", index).addValue("docs", docIds));
        }
    }

    /** Chunks the index must hold: all the manifest's chunks minus those Elasticsearch refused. */
    public long expectedChunks(String index) {
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(chunk_count - failed_chunks), 0) FROM indexer.manifest WHERE index_name = :index",
                Map.of("index", index), Long.class);
        return n == null ? 0 : n;
    }

    /** Forgets generations whose index is gone (pruned after a swap); {@code prefixPattern} is a SQL LIKE. */
    /** Forgets every row of {@code index} (a version that is deleted before it was ever published). */
    public int forget(String index) {
        return jdbc.update("DELETE FROM indexer.manifest WHERE index_name = :index", Map.of("index", index));
    }

    public int forgetIndexesExcept(String prefixPattern, List<String> existing) {
        return jdbc.update("DELETE FROM indexer.manifest WHERE index_name LIKE :pattern AND index_name NOT IN (:existing)",
                new MapSqlParameterSource("pattern", prefixPattern).addValue("existing", existing.isEmpty() ? List.of("") : existing));
    }
}
