package io.docchat.chat.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * API-key storage and guessing limits ({@code docchat.security.api-keys.*}).
 *
 * @param pepper        the server-side HMAC key of stored API keys ({@code DOCCHAT_API_KEY_PEPPER}, at least 32
 *                      bytes, the same on every replica, never in the database). Required by the {@code prod}
 *                      profile; elsewhere a fixed development pepper is used. Changing it invalidates every stored
 *                      key: re-issue them ({@code POST /api/v1/admin/api-keys})
 * @param maxFailures   failed {@code X-API-Key} attempts a client address (IPv6: its /64) may make per
 *                      {@code failurePeriod}; then every attempt from it is a 429 with {@code Retry-After} until the
 *                      budget refills, so a correct guess made while blocked does not get in either
 * @param failurePeriod the window of {@code maxFailures} (a token bucket refilled over it, in Redis)
 */
@ConfigurationProperties("docchat.security.api-keys")
public record ApiKeyProperties(
        String pepper,
        @DefaultValue("10") long maxFailures,
        @DefaultValue("10m") Duration failurePeriod) {

    public ApiKeyProperties {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("docchat.security.api-keys.max-failures must be at least 1, not " + maxFailures);
        }
    }
}
