package io.docchat.chat.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Applies {@link RateLimiter} to the public APIs after authentication (so it knows the principal) and
 * before validation and any work. Headers follow draft-ietf-httpapi-ratelimit-headers-07:
 * {@code RateLimit-Policy: 100;w=3600} and {@code RateLimit: limit=100, remaining=99, reset=36};
 * a rejection is 429 with {@code Retry-After} in seconds and a problem+json body.
 * Anonymous callers are limited per client address ({@link ClientAddress}: trusted proxies only, IPv6 per /64).
 * Not a Spring bean on purpose: it lives in the security filter chain only.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final RateLimitProperties props;
    private final MeterRegistry registry;
    private final ClientAddress addresses;

    public RateLimitFilter(RateLimiter limiter, RateLimitProperties props, MeterRegistry registry, ClientAddress addresses) {
        this.limiter = limiter;
        this.props = props;
        this.registry = registry;
        this.addresses = addresses;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !props.enabled() || !path.startsWith("/api/") || path.startsWith("/api/v1/admin/")
                || path.equals("/api/v1/session");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        boolean anonymous = auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated();
        String key = anonymous ? "ip:" + addresses.bucket(request) : "user:" + auth.getName();
        RateLimiter.Decision d = limiter.consume(key, anonymous);
        response.setHeader("RateLimit-Policy", d.limit() + ";w=" + props.period().toSeconds());
        response.setHeader("RateLimit", "limit=" + d.limit() + ", remaining=" + d.remaining() + ", reset=" + d.resetSeconds());
        if (d.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        Counter.builder("docchat.ratelimit.rejections").description("requests refused with 429")
                .tag("caller", anonymous ? "anonymous" : "principal").register(registry).increment();
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(d.retryAfterSeconds()));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"https://docchat.io/problems/rate-limited\",\"title\":\"Too Many Requests\","
                + "\"status\":429,\"detail\":\"limit of " + d.limit() + " requests per " + props.period().toSeconds()
                + " s reached; retry in " + d.retryAfterSeconds() + " s\"}");
    }
}
