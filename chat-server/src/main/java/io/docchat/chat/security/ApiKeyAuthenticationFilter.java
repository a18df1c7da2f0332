package io.docchat.chat.security;

import io.docchat.chat.ratelimit.ClientAddress;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Authenticates {@code X-API-Key}: a stored (peppered HMAC) key or the bootstrap admin key, both compared in
 * constant time. A key that is present but unknown or revoked is a 401 here, never a silent fall-through to
 * anonymous access; each such failure spends one of the client address's {@link FailedApiKeyAttempts}, and an
 * address whose budget is spent gets 429 with {@code Retry-After} (problem+json) for every key it sends, the right
 * one included, until it refills. Also answers a bearer token with 401 when no JWT verification is configured.
 */
public final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";
    private static final RequestAttributeSecurityContextRepository CONTEXTS = new RequestAttributeSecurityContextRepository();

    private final ApiKeys keys;
    private final ApiKeyPepper pepper;
    private final String adminKeyHash;
    private final boolean jwtConfigured;
    private final FailedApiKeyAttempts failures;
    private final ClientAddress addresses;

    public ApiKeyAuthenticationFilter(ApiKeys keys, ApiKeyPepper pepper, SecurityProperties props, FailedApiKeyAttempts failures,
                                      ClientAddress addresses) {
        this.keys = keys;
        this.pepper = pepper;
        String admin = props.adminApiKey();
        this.adminKeyHash = admin == null || admin.isBlank() ? null : pepper.hash(admin.strip());
        this.jwtConfigured = props.jwt().configured();
        this.failures = failures;
        this.addresses = addresses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = request.getHeader(HEADER);
        if (secret == null) {
            String authorization = request.getHeader("Authorization");
            if (!jwtConfigured && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Problems.write401(response, "bearer tokens are not accepted: no JWT issuer or secret is configured");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        String client = addresses.bucket(request);
        OptionalLong blocked = failures.blocked(client);
        if (blocked.isPresent()) {
            tooManyFailures(response, blocked.getAsLong());
            return;
        }
        String presented = secret.strip();
        if (adminKeyHash != null && ApiKeyPepper.same(adminKeyHash, pepper.hash(presented))) {
            authenticate("apikey:bootstrap-admin", Set.of("ADMIN", "USER"), request, response);
        } else {
            var key = keys.verify(presented);
            if (key.isEmpty()) {
                OptionalLong wait = failures.failed(client);
                if (wait.isPresent()) {
                    tooManyFailures(response, wait.getAsLong());
                } else {
                    Problems.write401(response, "unknown or revoked API key");
                }
                return;
            }
            authenticate("apikey:" + key.get().id(), key.get().roles(), request, response);
        }
        chain.doFilter(request, response);
    }

    private static void tooManyFailures(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        Problems.write(response, 429, "Too Many Requests", "too many failed API-key attempts from this address; retry in "
                + retryAfterSeconds + " s");
    }

    /**
     * Also kept as a request attribute: an answer that completes asynchronously is dispatched through the
     * filter chain again, where this filter does not run, and must still find its caller (else a 401 in
     * private mode, where anonymous callers are not users).
     */
    private static void authenticate(String name, Set<String> roles, HttpServletRequest request, HttpServletResponse response) {
        List<SimpleGrantedAuthority> authorities = roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(name, authorities));
        SecurityContextHolder.setContext(context);
        CONTEXTS.saveContext(context, request, response);
    }

    /** An authenticated service client. */
    static final class ApiKeyAuthentication extends AbstractAuthenticationToken {

        private final String name;

        ApiKeyAuthentication(String name, Collection<SimpleGrantedAuthority> authorities) {
            super(authorities);
            this.name = name;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return name;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
