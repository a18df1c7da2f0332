package io.docchat.chat.system;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.GenericFilterBean;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

/**
 * Redis, the session store, unreachable while a request needs a session (it carries a session cookie, or a page
 * starts the sign-in, which keeps the authorization request in a new session): a retryable 503 problem with
 * {@code Retry-After}, not a 500. Spring Session reads the session in its own filter and in Spring Security's
 * filters (before any controller), and writes it back after the response, so the failure surfaces from the
 * filter chain into the container's error page; this filter sits just outside Spring Session's and answers it.
 * A request without a session cookie never reads the store and keeps its own answer (the caches and the rate
 * limiter have local fallbacks). Inside a controller the same failure is mapped by {@link DatabaseUnavailableErrors}.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreOutage {

    static final String RETRY_AFTER_SECONDS = "5";
    static final String DETAIL = "The session store is unavailable right now, so your session cannot be read. "
            + "Please try again in a moment.";
    private static final Logger log = LoggerFactory.getLogger(SessionStoreOutage.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static volatile long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;

    @Bean
    FilterRegistrationBean<GenericFilterBean> sessionStoreOutageFilter() {
        FilterRegistrationBean<GenericFilterBean> registration = new FilterRegistrationBean<>(new GenericFilterBean() {
            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                try {
                    chain.doFilter(request, response);
                } catch (IOException | ServletException | RuntimeException e) {
                    if (!in(e) || !(response instanceof HttpServletResponse http) || http.isCommitted()) {
                        throw e;
                    }
                    write(http, e);
                }
            }
        });
        // just outside Spring Session's filter, which also reads and writes the session for error dispatches
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        return registration;
    }

    /** Whether {@code e} is Redis being unreachable or not answering in time (not a bug in how it is used). */
    static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisConnectionFailureException || t instanceof RedisConnectionException
                    || t instanceof RedisCommandTimeoutException) {
                return true;
            }
            if (t instanceof QueryTimeoutException q && q.getCause() instanceof RedisCommandTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The 503 problem, as MVC exception handlers return it. */
    static ResponseEntity<ProblemDetail> problem() {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    static void logOnce(Throwable e) {
        long now = System.nanoTime();
        if (now - lastLogged >= LOG_EVERY_NANOS) {
            lastLogged = now;
            log.warn("session store (Redis) unavailable, answering 503 to requests that need a session: {}", e.toString());
        }
    }

    private static void write(HttpServletResponse response, Throwable e) throws IOException {
        logOnce(e);
        response.resetBuffer();
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String body = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\""
                + DETAIL + "\"}";
        response.getWriter().write(body);
        response.flushBuffer();
    }
}
