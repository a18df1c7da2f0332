package io.docchat.chat.security;

import io.docchat.chat.search.SearchStack;
import io.docchat.elastic.testing.TestServices;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys against the real PostgreSQL and Redis: the stored form is the peppered HMAC, the V11 migration keeps a
 * key stored by V10 working, and failed attempts are limited per client address (as {@code X-Forwarded-For} from a
 * trusted proxy names it): 401s up to the budget, then 429 with Retry-After for every key from that address, the
 * right one included, while another address is served.
 */
class ApiKeyHardeningIT extends SearchStack {

    private static final String PEPPER = "an-it-pepper-that-is-longer-than-32-bytes-" + UUID.randomUUID();
    private static final String SEARCH = "/api/v1/search?q=install";

    @Autowired
    ApiKeys keys;

    @Autowired
    ApiKeyPepper pepper;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void hardening(DynamicPropertyRegistry registry) {
        registry.add("docchat.security.api-keys.pepper", () -> PEPPER);
        registry.add("docchat.security.api-keys.max-failures", () -> "3");
        registry.add("docchat.security.trusted-proxies", () -> "127.0.0.1/32");
    }

    @Test
    void theDatabaseHoldsThePepperedHmacNeverTheKeyNorItsPlainSha256() {
        ApiKeys.Issued issued = keys.issue("hmac-check", Set.of("USER"));
        String stored = jdbc.sql("SELECT key_hash FROM chat.api_keys WHERE id = ?").param(issued.key().id()).query(String.class).single();

        assertThat(stored).isEqualTo(new ApiKeyPepper(PEPPER, true).hash(issued.secret()))
                .isNotEqualTo(HexFormat.of().formatHex(ApiKeyPepper.sha256(issued.secret())))
                .doesNotContain(issued.secret());
        assertThat(keys.verify(issued.secret())).isPresent();
        assertThat(jdbc.sql("SELECT count(*) FROM chat.flyway_schema_history WHERE version = '11' AND success")
                .query(Long.class).single()).as("the app ran the Java migration bean").isEqualTo(1);
        assertThat(keys.verify(issued.secret().substring(0, 10) + "x".repeat(33))).as("same prefix, wrong key").isEmpty();
    }

    @Test
    void failedAttemptsAreLimitedPerClientAddressThen429WithRetryAfter() throws Exception {
        String good = keys.issue("limited", Set.of("USER")).secret();
        String attacker = "203.0.113.7";
        for (int i = 0; i < 3; i++) {
            assertThat(withKey("dck_wrong-" + i, attacker).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = withKey("dck_wrong-3", attacker);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(limited.body()).contains("\"status\":429", "failed API-key attempts");

        assertThat(withKey(good, attacker).statusCode()).as("blocked: the right key does not get in either").isEqualTo(429);
        assertThat(withKey(good, "203.0.113.8").statusCode()).as("another address").isEqualTo(200);
        assertThat(withKey("dck_wrong", "203.0.113.8").statusCode()).isEqualTo(401);
    }

    @Test
    void migrationElevenConvertsAKeyStoredByVersionTenSoItKeepsWorking() {
        String schema = "apikey_migration_" + UUID.randomUUID().toString().substring(0, 8);
        DriverManagerDataSource ds = new DriverManagerDataSource(TestServices.jdbcUrl(), TestServices.jdbcUser(), TestServices.jdbcPassword());
        JdbcClient db = JdbcClient.create(ds);
        try {
            Flyway.configure().dataSource(ds).schemas(schema).defaultSchema(schema).locations("classpath:db/migration/chat")
                    .target("10").load().migrate();
            String secret = "dck_existing-key-issued-before-the-pepper";
            db.sql("INSERT INTO " + schema + ".api_keys (id, name, key_hash, key_prefix, roles) VALUES (?, 'old', ?, ?, 'USER')")
                    .params(UUID.randomUUID(), HexFormat.of().formatHex(ApiKeyPepper.sha256(secret)), secret.substring(0, 10)).update();

            Flyway.configure().dataSource(ds).schemas(schema).defaultSchema(schema).locations("classpath:db/migration/chat")
                    .javaMigrations(new V11__api_key_hmac(pepper)).load().migrate();

            String stored = db.sql("SELECT key_hash FROM " + schema + ".api_keys").query(String.class).single();
            assertThat(stored).isEqualTo(pepper.hash(secret)); // exactly what ApiKeys.verify compares with
            assertThat(db.sql("SELECT count(*) FROM pg_indexes WHERE schemaname = ? AND indexname = 'api_keys_prefix'")
                    .param(schema).query(Long.class).single()).isEqualTo(1);
        } finally {
            db.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
        }
    }

    private HttpResponse<String> withKey(String key, String forwardedFor) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SEARCH))
                .header("X-API-Key", key).header("X-Forwarded-For", forwardedFor).build(), HttpResponse.BodyHandlers.ofString());
    }
}
