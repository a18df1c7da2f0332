package io.docchat.elastic.security;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * JWT bearer-token settings ({@code docchat.security.jwt.*}), the same keys for chat-server and the indexer's
 * admin API: an HS256 shared {@code secret} (at least 32 bytes; from {@code DOCCHAT_JWT_SECRET} only), or an
 * issuer's {@code jwkSetUri}. With {@code issuer} or {@code audience} set, tokens must carry them. Roles come
 * from {@code rolesClaim} (a list or a space/comma-separated string).
 */
public record JwtSettings(String secret, String issuer, String jwkSetUri, String audience,
                          @DefaultValue("roles") String rolesClaim) {

    public boolean configured() {
        return present(secret) || present(jwkSetUri);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
