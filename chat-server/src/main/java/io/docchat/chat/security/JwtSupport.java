package io.docchat.chat.security;

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
 * JWT verification from {@link SecurityProperties.Jwt}. The HS256 decoder accepts only HS256, so
 * {@code alg: none} and algorithm-confusion tokens fail; expiry (with the default 60 s skew) and, when
 * configured, issuer and audience are checked.
 */
public final class JwtSupport {

    private JwtSupport() {
    }

    public static JwtDecoder decoder(SecurityProperties.Jwt jwt) {
        NimbusJwtDecoder decoder;
        if (jwt.secret() != null && !jwt.secret().isBlank()) {
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
        validators.add(jwt.issuer() == null || jwt.issuer().isBlank()
                ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(jwt.issuer()));
        if (jwt.audience() != null && !jwt.audience().isBlank()) {
            validators.add(new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(jwt.audience())));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /** Every valid token is a USER; {@code roles} (a list or a space-separated string) can add ADMIN. */
    public static Converter<Jwt, AbstractAuthenticationToken> converter(SecurityProperties.Jwt jwt) {
        return token -> new JwtAuthenticationToken(token, authorities(token.getClaim(jwt.rolesClaim())), token.getSubject());
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
        return roles.stream().filter(ApiKeys.ROLES::contains)
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
    }
}
