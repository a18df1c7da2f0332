package io.docchat.indexer.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the admin API ({@code docchat.security.*}, the same keys and credentials as chat-server; secrets
 * only from the environment: {@code DOCCHAT_ADMIN_API_KEY}, {@code DOCCHAT_JWT_SECRET}). With neither set, the
 * admin API is open and protected only by the loopback binding ({@code server.address}).
 *
 * @param adminApiKey sent as {@code X-API-Key}; grants ADMIN
 */
@ConfigurationProperties("docchat.security")
record AdminSecurityProperties(String adminApiKey, @DefaultValue Jwt jwt) {

    boolean configured() {
        return hasAdminKey() || jwt.configured();
    }

    boolean hasAdminKey() {
        return adminApiKey != null && !adminApiKey.isBlank();
    }

    /** HS256 {@code secret} (at least 32 bytes) or {@code jwkSetUri}; ADMIN must be in the {@code rolesClaim}. */
    record Jwt(String secret, String issuer, String jwkSetUri, @DefaultValue("roles") String rolesClaim) {

        boolean configured() {
            return (secret != null && !secret.isBlank()) || (jwkSetUri != null && !jwkSetUri.isBlank());
        }
    }
}
