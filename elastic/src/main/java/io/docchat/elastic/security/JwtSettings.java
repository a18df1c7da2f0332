package io.docchat.elastic.security;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * JWT bearer-token settings ({@code docchat.security.jwt.*}), the same keys for chat-server and the indexer's
 * admin API: an HS256 shared {@code secret} (at least 32 bytes; from {@code DOCCHAT_JWT_SECRET} only), or an
 * issuer's {@code jwkSetUri}. With {@code issuer} or {@code audience} set, tokens must carry them. Roles come
 * from {@code rolesClaim} (a list or a space/comma-separated string); document groups from {@code groupsClaim}
 * ({@code DOCCHAT_JWT_GROUPS_CLAIM}, the same forms), which decide which sources a caller may read. A token
 * without that claim has no groups: it reads public sources only.
 */
public record JwtSettings(String secret, String issuer, String jwkSetUri, String audience,
                          @DefaultValue("roles") String rolesClaim,
                          @DefaultValue("groups") String groupsClaim) {

    public JwtSettings {
        groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
    }

    public boolean configured() {
        return present(secret) || present(jwkSetUri);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
