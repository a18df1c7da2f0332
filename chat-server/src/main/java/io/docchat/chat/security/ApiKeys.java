package io.docchat.chat.security;

import io.docchat.elastic.security.JwtVerification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * API keys for service clients in {@code chat.api_keys}, stored as {@link ApiKeyPepper peppered HMACs}: found by
 * their public prefix, then compared in constant time, so neither the database's index lookup nor an early
 * mismatch tells a guesser how close a guess was.
 */
@Component
public class ApiKeys {

    public static final Set<String> ROLES = JwtVerification.ROLES;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** "dck_" and 6 random characters: shown in listings, the lookup key (36 random bits: few rows per prefix). */
    private static final int PREFIX_LENGTH = 10;

    private final JdbcClient jdbc;
    private final ApiKeyPepper pepper;

    ApiKeys(JdbcClient jdbc, ApiKeyPepper pepper) {
        this.jdbc = jdbc;
        this.pepper = pepper;
    }

    /** A stored key: never the key itself. */
    public record ApiKey(UUID id, String name, String prefix, Set<String> roles, Instant createdAt, Instant revokedAt) {
    }

    /** A new key: {@code secret} is shown once and not stored. */
    public record Issued(ApiKey key, String secret) {
    }

    public Issued issue(String name, Set<String> roles) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must be 1..200 characters");
        }
        if (roles == null || roles.isEmpty() || !ROLES.containsAll(roles)) {
            throw new IllegalArgumentException("roles must be a non-empty subset of " + ROLES);
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = "dck_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        UUID id = UUID.randomUUID();
        String prefix = secret.substring(0, PREFIX_LENGTH);
        jdbc.sql("INSERT INTO chat.api_keys (id, name, key_hash, key_prefix, roles) VALUES (?, ?, ?, ?, ?)")
                .params(id, name, pepper.hash(secret), prefix, String.join(",", roles.stream().sorted().toList()))
                .update();
        return new Issued(new ApiKey(id, name, prefix, Set.copyOf(roles), Instant.now(), null), secret);
    }

    /** The active key with this secret, if any (revoked keys are not found). */
    public Optional<ApiKey> verify(String secret) {
        if (secret.length() < PREFIX_LENGTH || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = pepper.hash(secret);
        List<Candidate> candidates = jdbc.sql("SELECT id, name, key_prefix, roles, created_at, revoked_at, key_hash FROM chat.api_keys "
                        + "WHERE key_prefix = ? AND revoked_at IS NULL")
                .param(secret.substring(0, PREFIX_LENGTH))
                .query((rs, n) -> new Candidate(row(rs), rs.getString("key_hash").strip()))
                .list();
        ApiKey match = null;
        for (Candidate c : candidates) { // every candidate compared, in constant time
            if (ApiKeyPepper.same(c.hash(), hash)) {
                match = c.key();
            }
        }
        return Optional.ofNullable(match);
    }

    private record Candidate(ApiKey key, String hash) {
    }

    public boolean revoke(UUID id) {
        return jdbc.sql("UPDATE chat.api_keys SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL").param(id).update() == 1;
    }

    public List<ApiKey> list() {
        return jdbc.sql("SELECT id, name, key_prefix, roles, created_at, revoked_at FROM chat.api_keys ORDER BY created_at")
                .query((rs, n) -> row(rs)).list();
    }

    private static ApiKey row(java.sql.ResultSet rs) throws java.sql.SQLException {
        var revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("key_prefix"),
                Arrays.stream(rs.getString("roles").split(",")).collect(Collectors.toUnmodifiableSet()),
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
