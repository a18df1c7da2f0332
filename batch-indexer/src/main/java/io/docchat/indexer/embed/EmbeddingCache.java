package io.docchat.indexer.embed;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Vectors by (model, SHA-256 of the embedded text) in {@code indexer.embedding_cache}; survives rebuilds. */
@Repository
class EmbeddingCache {

    private final NamedParameterJdbcTemplate jdbc;

    EmbeddingCache(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, float[]> find(String modelId, Collection<String> hashes) {
        Map<String, float[]> out = new HashMap<>();
        if (hashes.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT text_hash, vector FROM indexer.embedding_cache WHERE model_id = :model AND text_hash IN (:hashes)",
                new MapSqlParameterSource("model", modelId).addValue("hashes", hashes),
                rs -> {
                    out.put(rs.getString(1).trim(), decode(rs.getBytes(2)));
                });
        return out;
    }

    void store(String modelId, Map<String, float[]> vectors) {
        if (vectors.isEmpty()) {
            return;
        }
        List<MapSqlParameterSource> rows = vectors.entrySet().stream()
                .map(e -> new MapSqlParameterSource("model", modelId).addValue("hash", e.getKey()).addValue("vector", encode(e.getValue())))
                .toList();
        jdbc.batchUpdate("INSERT INTO indexer.embedding_cache (model_id, text_hash, vector) VALUES (:model, :hash, :vector) "
                + "ON CONFLICT DO NOTHING", rows.toArray(MapSqlParameterSource[]::new));
    }

    static byte[] encode(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return buf.array();
    }

    static float[] decode(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
