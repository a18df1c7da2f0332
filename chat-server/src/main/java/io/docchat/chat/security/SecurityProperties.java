package io.docchat.chat.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;


/**
 * Authentication settings ({@code docchat.security.*}); secrets come only from the environment
 * ({@code DOCCHAT_JWT_SECRET}, {@code DOCCHAT_ADMIN_API_KEY}).
 *
 * @param anonymous   whether search and chat answer callers without credentials (then limited per IP);
 *                    on by default so a local checkout works without setup, off in the {@code prod} profile
 * @param adminApiKey a bootstrap ADMIN key (to create API keys through the admin API); none by default
 */
@ConfigurationProperties("docchat.security")
public record SecurityProperties(
        @DefaultValue("true") boolean anonymous,
        String adminApiKey,
        @DefaultValue Jwt jwt) {

    /**
     * JWT bearer tokens: an HS256 shared {@code secret} (at least 32 bytes), or an issuer's {@code jwkSetUri};
     * with {@code issuer} set, tokens must carry it. Roles come from {@code rolesClaim} (USER, ADMIN).
     */
    public record Jwt(String secret, String issuer, String jwkSetUri, String audience,
                      @DefaultValue("roles") String rolesClaim) {

        public boolean configured() {
            return (secret != null && !secret.isBlank()) || (jwkSetUri != null && !jwkSetUri.isBlank());
        }
    }
}
