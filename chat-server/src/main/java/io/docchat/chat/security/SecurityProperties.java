package io.docchat.chat.security;

import io.docchat.elastic.security.JwtSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;


/**
 * Authentication settings ({@code docchat.security.*}); secrets come only from the environment
 * ({@code DOCCHAT_JWT_SECRET}, {@code DOCCHAT_ADMIN_API_KEY}).
 *
 * @param anonymous   whether search and chat answer callers without credentials (then limited per IP);
 *                    on by default so a local checkout works without setup, off in the {@code prod} profile
 * @param adminApiKey a bootstrap ADMIN key (to create API keys through the admin API); none by default
 * @param jwt         bearer tokens, verified by {@link io.docchat.elastic.security.JwtVerification} as in the indexer
 */
@ConfigurationProperties("docchat.security")
public record SecurityProperties(
        @DefaultValue("true") boolean anonymous,
        String adminApiKey,
        @DefaultValue JwtSettings jwt) {
}
