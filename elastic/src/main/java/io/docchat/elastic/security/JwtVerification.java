package io.docchat.elastic.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one JWT verification both apps use, so chat-server and the indexer's admin API accept exactly the same
 * tokens. The HS256 decoder accepts only HS256, so {@code alg: none} and algorithm-confusion tokens fail;
 * expiry (with the default 60 s skew) and, when configured, issuer and audience are checked.
 */
public final class JwtVerification {

    /** The roles DocChat knows; anything else in a token's roles claim is ignored. */
    public static final Set<String> ROLES = Set.of("USER", "ADMIN");

    private JwtVerification() {
    }

    public static JwtDecoder decoder(JwtSettings jwt) {
        NimbusJwtDecoder decoder;
        if (JwtSettings.present(jwt.secret())) {
            byte[] key = jwt.secret().getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw new IllegalStateException("docchat.security.jwt.secret (DOCCHAT_JWT_SECRET) must be at least 32 bytes for HS256");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        } else {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtSettings.present(jwt.issuer())
                ? JwtValidators.createDefaultWithIssuer(jwt.issuer()) : JwtValidators.createDefault());
        if (JwtSettings.present(jwt.audience())) {
            validators.add(new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(jwt.audience())));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /** The authority prefix of a document group: {@code GROUP_<group>}, the group string exactly as the token has it. */
    public static final String GROUP_PREFIX = "GROUP_";

    /**
     * Every valid token is a USER; the roles claim can add ADMIN; each entry of the groups claim becomes a
     * {@code GROUP_<group>} authority. The principal's name is the subject.
     */
    public static Converter<Jwt, AbstractAuthenticationToken> converter(JwtSettings jwt) {
        return token -> {
            List<GrantedAuthority> all = new ArrayList<>(authorities(token.getClaim(jwt.rolesClaim())));
            all.addAll(groups(token.getClaim(jwt.groupsClaim())));
            return new JwtAuthenticationToken(token, all, token.getSubject());
        };
    }

    /**
     * {@code GROUP_<g>} for each entry of a groups claim: a list, or a space/comma-separated string. Group names
     * are kept as they are (case and all); blanks and non-strings are ignored, and a missing claim is no group.
     */
    static Collection<GrantedAuthority> groups(Object claim) {
        Set<String> groups = new LinkedHashSet<>();
        if (claim instanceof Collection<?> c) {
            for (Object g : c) {
                if (g instanceof String s && !s.isBlank()) {
                    groups.add(s.strip());
                }
            }
        } else if (claim instanceof String s) {
            for (String g : s.split("[\\s,]+")) {
                if (!g.isBlank()) {
                    groups.add(g);
                }
            }
        }
        return groups.stream().<GrantedAuthority>map(g -> new SimpleGrantedAuthority(GROUP_PREFIX + g)).toList();
    }

    static Collection<GrantedAuthority> authorities(Object claim) {
        Set<String> roles = new LinkedHashSet<>();
        roles.add("USER");
        if (claim instanceof Collection<?> c) {
            c.forEach(r -> roles.add(String.valueOf(r).toUpperCase(Locale.ROOT)));
        } else if (claim instanceof String s) {
            for (String r : s.split("[\\s,]+")) {
                if (!r.isBlank()) {
                    roles.add(r.toUpperCase(Locale.ROOT));
                }
            }
        }
        return roles.stream().filter(ROLES::contains)
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
    }
}
