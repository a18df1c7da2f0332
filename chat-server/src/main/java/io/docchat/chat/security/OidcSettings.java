package io.docchat.chat.security;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * The OpenID Connect provider the pages sign in with ({@code docchat.security.oidc.*}): from the environment
 * ({@code DOCCHAT_OIDC_ISSUER_URI}, {@code DOCCHAT_OIDC_CLIENT_ID}, {@code DOCCHAT_OIDC_CLIENT_SECRET}), never
 * from files in the repository.
 *
 * @param issuerUri    the issuer; its discovery document gives the endpoints and keys
 * @param clientId     this server's client at the provider
 * @param clientSecret the client's secret (a confidential client; PKCE is used as well)
 * @param scopes       requested scopes
 * @param publicUrl    the URL people reach DocChat at (behind a proxy); empty = taken from each request
 * @param refreshSkew  how long before its expiry an access token is refreshed (and the user's groups re-read)
 */
public record OidcSettings(String issuerUri, String clientId, String clientSecret,
                           @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
                           String publicUrl,
                           @DefaultValue("5s") Duration refreshSkew) {

    /** Registration id, also the last segment of the redirect URI {@code /login/oauth2/code/docchat}. */
    public static final String REGISTRATION_ID = "docchat";

    public boolean configured() {
        return present(issuerUri) && present(clientId);
    }

    /** What a private deployment lacks, in words, or null. */
    public String missing() {
        if (!present(issuerUri) && !present(clientId)) {
            return "DOCCHAT_OIDC_ISSUER_URI and DOCCHAT_OIDC_CLIENT_ID";
        }
        return !present(issuerUri) ? "DOCCHAT_OIDC_ISSUER_URI" : !present(clientId) ? "DOCCHAT_OIDC_CLIENT_ID" : null;
    }

    /** The redirect URI template: the public URL when set, otherwise Spring's {@code {baseUrl}}. */
    public String baseUrl() {
        return present(publicUrl) ? publicUrl.replaceAll("/+$", "") : "{baseUrl}";
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
