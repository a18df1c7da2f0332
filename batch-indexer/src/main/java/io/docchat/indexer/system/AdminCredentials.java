package io.docchat.indexer.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The two ways to be ADMIN here: the bootstrap admin API key, or a JWT whose roles claim says ADMIN. */
final class AdminCredentials {

    static final String HEADER = "X-API-Key";

    private AdminCredentials() {
    }

    /** Authenticates {@code X-API-Key: <admin key>} as ADMIN, compared in constant time; other keys get nothing. */
    static OncePerRequestFilter apiKeyFilter(String adminKey) {
        byte[] expected = adminKey.getBytes(StandardCharsets.UTF_8);
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String key = request.getHeader(HEADER);
                if (key != null && MessageDigest.isEqual(expected, key.strip().getBytes(StandardCharsets.UTF_8))) {
                    var auth = UsernamePasswordAuthenticationToken.authenticated("apikey:bootstrap-admin", null,
                            List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
                    SecurityContextHolder.getContext().setAuthentication(auth);
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** HS256 only (no {@code alg: none}, no algorithm confusion), or the issuer's JWK set; expiry and issuer checked. */
    static JwtDecoder decoder(AdminSecurityProperties.Jwt jwt) {
        NimbusJwtDecoder decoder;
        if (jwt.secret() != null && !jwt.secret().isBlank()) {
            byte[] key = jwt.secret().getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw new IllegalStateException("docchat.security.jwt.secret (DOCCHAT_JWT_SECRET) must be at least 32 bytes for HS256");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256")).macAlgorithm(MacAlgorithm.HS256).build();
        } else {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build();
        }
        decoder.setJwtValidator(jwt.issuer() == null || jwt.issuer().isBlank()
                ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(jwt.issuer()));
        return decoder;
    }

    /** Roles from the claim (a list or a space/comma-separated string); only ADMIN matters here. */
    static Converter<Jwt, AbstractAuthenticationToken> roles(AdminSecurityProperties.Jwt jwt) {
        return token -> new JwtAuthenticationToken(token, authorities(token.getClaim(jwt.rolesClaim())), token.getSubject());
    }

    static List<GrantedAuthority> authorities(Object claim) {
        Collection<?> values = claim instanceof Collection<?> c ? c
                : claim instanceof String s ? List.of(s.split("[\\s,]+")) : List.of();
        return values.stream().map(v -> String.valueOf(v).toUpperCase(Locale.ROOT)).filter("ADMIN"::equals).distinct()
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
    }
}
