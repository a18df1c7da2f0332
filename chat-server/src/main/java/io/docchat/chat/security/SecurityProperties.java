package io.docchat.chat.security;

import io.docchat.elastic.security.JwtSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;


/**
 * Authentication settings ({@code docchat.security.*}); secrets come only from the environment
 * ({@code DOCCHAT_JWT_SECRET}, {@code DOCCHAT_ADMIN_API_KEY}, {@code DOCCHAT_OIDC_CLIENT_SECRET},
 * {@code DOCCHAT_ANONYMOUS_COOKIE_KEY}).
 *
 * @param mode               {@code public} (anyone may ask) or {@code private} (sign-in required)
 * @param anonymous          deprecated: in public mode, {@code false} keeps anonymous callers out (API clients
 *                           only, as the {@code prod} profile did before the modes); ignored in private mode
 * @param adminApiKey        a bootstrap ADMIN key (to create API keys through the admin API); none by default
 * @param jwt                bearer tokens, verified by {@link io.docchat.elastic.security.JwtVerification} as in the indexer
 * @param oidc               the identity provider the pages sign in with (required in private mode)
 * @param anonymousCookieKey the HMAC key that signs anonymous identities; a random one per start when unset
 *                           (then anonymous ids do not survive a restart nor cross replicas; required in prod)
 * @param cookieSecure       the {@code Secure} flag of the session and anonymous cookies; off only for local http
 * @param trustedProxies     CIDRs of the reverse proxies whose {@code X-Forwarded-For} is believed; empty = none
 */
@ConfigurationProperties("docchat.security")
public record SecurityProperties(
        @DefaultValue("public") SecurityMode mode,
        @DefaultValue("true") boolean anonymous,
        String adminApiKey,
        @DefaultValue JwtSettings jwt,
        @DefaultValue OidcSettings oidc,
        String anonymousCookieKey,
        @DefaultValue("true") boolean cookieSecure,
        @DefaultValue List<String> trustedProxies) {

    /** Whether callers without credentials may search and chat. */
    public boolean anonymousAllowed() {
        return mode == SecurityMode.PUBLIC && anonymous;
    }

    /** Whether the pages can sign in: always in private mode, in public mode when a provider is configured. */
    public boolean signInEnabled() {
        return mode == SecurityMode.PRIVATE || oidc.configured();
    }
}
