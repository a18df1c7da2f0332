package io.docchat.chat.security;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flyway migration 11 of schema {@code chat} (a Spring bean, so it gets the pepper; Spring Boot hands such beans to
 * Flyway): every stored key hash {@code SHA-256(key)} becomes {@code HMAC-SHA256(pepper, SHA-256(key))}, in the
 * migration's transaction. Existing keys keep working, nothing is re-issued. Lookups go by {@code key_prefix}
 * (then a constant-time comparison), hence its index. Run once per database, with the pepper in force then: a
 * later pepper change invalidates the keys, which are then re-issued through the admin API.
 */
@Component
public class V11__api_key_hmac extends BaseJavaMigration {

    private final ApiKeyPepper pepper;

    V11__api_key_hmac(ApiKeyPepper pepper) {
        this.pepper = pepper;
    }

    @Override
    public void migrate(Context context) throws Exception {
        var connection = context.getConnection();
        Map<Object, String> converted = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT id, key_hash FROM api_keys")) {
            while (rs.next()) {
                converted.put(rs.getObject("id"), pepper.ofDigest(HexFormat.of().parseHex(rs.getString("key_hash").strip())));
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE api_keys SET key_hash = ? WHERE id = ?")) {
            for (var e : converted.entrySet()) {
                update.setString(1, e.getValue());
                update.setObject(2, e.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        try (Statement s = connection.createStatement()) {
            s.execute("COMMENT ON COLUMN api_keys.key_hash IS 'HMAC-SHA256(pepper, SHA-256(key)), hex; the pepper is DOCCHAT_API_KEY_PEPPER'");
            s.execute("CREATE INDEX api_keys_prefix ON api_keys (key_prefix)");
        }
    }
}
