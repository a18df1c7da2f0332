package io.docchat.chat.system;

import io.docchat.chat.ratelimit.RateLimitFilter;
import io.docchat.chat.ratelimit.RateLimitProperties;
import io.docchat.chat.ratelimit.RateLimiter;
import io.docchat.chat.security.ApiKeyAuthenticationFilter;
import io.docchat.chat.security.ApiKeys;
import io.docchat.elastic.security.JwtVerification;
import io.docchat.chat.security.Problems;
import io.docchat.chat.security.SecurityProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Stateless security: JWT bearer tokens for users and hashed API keys for services; USER for the search,
 * chat and conversation APIs (anonymous callers count as USER when {@code docchat.security.anonymous} is
 * on, limited per IP), ADMIN for admin routes. The actuator is served on the management port only, open there
 * (see {@link ManagementPort}); on the app port {@code /actuator/**} stays ADMIN and serves nothing; the
 * liveness and readiness probes answer there as {@code /livez} and {@code /readyz}, public. No sessions, no cookies, so CSRF protection has nothing
 * to protect.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final String[] USER_APIS = {"/api/v1/search", "/api/v1/search/**", "/api/v1/chat/**",
            "/api/v1/conversations/**", "/api/v1/messages/**"};
    private static final String[] PUBLIC = {"/", "/index.html", "/*.html", "/*.js", "/*.css", "/*.ico", "/*.svg",
            "/*.png", "/webjars/**", "/assets/**", "/error", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**",
            "/swagger-ui.html", "/livez", "/readyz"};

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_USER");
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProperties props, ApiKeys keys,
                                            RateLimiter limiter, RateLimitProperties limits, MeterRegistry registry,
                                            ManagementPort managementPort) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(Problems.unauthorized())
                        .accessDeniedHandler(Problems.forbidden()))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(managementPort).permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers("/actuator/**", "/api/v1/admin/**").hasRole("ADMIN")
                        .requestMatchers(USER_APIS).hasRole("USER")
                        .anyRequest().hasRole("USER"))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, props), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(limiter, limits, registry), AuthorizationFilter.class);
        if (props.jwt().configured()) {
            http.oauth2ResourceServer(o -> o
                    .authenticationEntryPoint(Problems.unauthorized())
                    .jwt(j -> j.decoder(JwtVerification.decoder(props.jwt()))
                            .jwtAuthenticationConverter(JwtVerification.converter(props.jwt()))));
        }
        if (props.anonymous()) {
            http.anonymous(a -> a.authorities("ROLE_ANONYMOUS", "ROLE_USER"));
            log.warn("anonymous access to search and chat is ON (docchat.security.anonymous=true), limited per IP");
        } else {
            http.anonymous(a -> a.authorities("ROLE_ANONYMOUS"));
        }
        if (!props.jwt().configured() && (props.adminApiKey() == null || props.adminApiKey().isBlank())) {
            log.warn("no JWT secret/issuer and no admin API key configured: only anonymous access is possible");
        }
        return http.build();
    }
}
