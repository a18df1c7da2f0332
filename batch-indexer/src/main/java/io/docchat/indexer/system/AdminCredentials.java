package io.docchat.indexer.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The bootstrap admin API key ({@code X-API-Key}); JWTs go through {@link io.docchat.elastic.security.JwtVerification}. */
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
}
