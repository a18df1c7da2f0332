package io.docchat.indexer.system;

import io.docchat.elastic.security.JwtSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the admin API ({@code docchat.security.*}, the same keys and credentials as chat-server; secrets
 * only from the environment: {@code DOCCHAT_ADMIN_API_KEY}, {@code DOCCHAT_JWT_SECRET}). With neither set, the
 * admin API is open and protected only by the loopback binding ({@code server.address}).
 *
 * @param adminApiKey              sent as {@code X-API-Key}; grants ADMIN
 * @param jwt                      bearer tokens with ADMIN in the roles claim, verified exactly as chat-server does
 * @param requireAdminCredentials  refuse to start with an open admin API (the {@code prod} profile sets it: a
 *                                 container's port is not a loopback binding)
 */
@ConfigurationProperties("docchat.security")
record AdminSecurityProperties(String adminApiKey, @DefaultValue JwtSettings jwt,
                               @DefaultValue("false") boolean requireAdminCredentials) {

    AdminSecurityProperties {
        if (requireAdminCredentials && !(present(adminApiKey) || jwt.configured())) {
            throw new IllegalStateException("the admin API would be open: set DOCCHAT_ADMIN_API_KEY "
                    + "(or DOCCHAT_JWT_SECRET / DOCCHAT_JWT_JWK_SET_URI); the prod profile refuses to start without");
        }
    }

    boolean configured() {
        return hasAdminKey() || jwt.configured();
    }

    boolean hasAdminKey() {
        return present(adminApiKey);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
