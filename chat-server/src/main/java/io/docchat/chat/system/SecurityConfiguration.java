package io.docchat.chat.system;

import io.docchat.chat.page.EmbedPolicy;
import io.docchat.chat.ratelimit.ClientAddress;
import io.docchat.chat.ratelimit.RateLimitFilter;
import io.docchat.chat.ratelimit.RateLimitProperties;
import io.docchat.chat.ratelimit.RateLimiter;
import io.docchat.chat.security.AnonymousCookieFilter;
import io.docchat.chat.security.AnonymousIdentity;
import io.docchat.chat.security.ApiKeyAuthenticationFilter;
import io.docchat.chat.security.ApiKeyPepper;
import io.docchat.chat.security.FailedApiKeyAttempts;
import io.docchat.chat.security.ApiKeys;
import io.docchat.chat.security.Problems;
import io.docchat.chat.security.SecurityMode;
import io.docchat.chat.security.SecurityProperties;
import io.docchat.chat.signin.BrowserSignIn;
import io.docchat.chat.signin.SignInOption;
import io.docchat.elastic.security.JwtVerification;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import java.util.List;

/**
 * Two filter chains. API clients (a request with {@code Authorization} or {@code X-API-Key}) go through a
 * stateless chain exactly as before the modes: JWT bearer tokens and hashed API keys, no session, no cookies,
 * so no CSRF. Everything else is a browser: in private mode it signs in with OpenID Connect
 * ({@link BrowserSignIn}: a server-side session in Redis, CSRF on every state-changing call of a session);
 * in public mode anonymous callers get a signed cookie identity and count as USER, limited per client address.
 * USER for the search, chat and conversation APIs, ADMIN for admin routes. The actuator is served on the
 * management port only, open there (see {@link ManagementPort}); on the app port {@code /actuator/**} stays ADMIN
 * and serves nothing; the liveness and readiness probes answer there as {@code /livez} and {@code /readyz}, public.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final String[] USER_APIS = {"/api/v1/search", "/api/v1/search/**", "/api/v1/chat/**",
            "/api/v1/conversations/**", "/api/v1/messages/**"};
    private static final String[] PAGES = {"/", "/index.html", "/search.html", "/view.html"};
    private static final String[] PUBLIC = {"/", "/index.html", "/*.html", "/*.js", "/*.css", "/*.ico", "/*.svg",
            "/*.png", "/webjars/**", "/assets/**", "/error", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**",
            "/swagger-ui.html", "/livez", "/readyz", "/api/v1/session", "/widget/config"};

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_USER");
    }

    @Bean
    ClientAddress clientAddress(SecurityProperties props) {
        return new ClientAddress(props.trustedProxies());
    }

    /** API clients: stateless, exactly as before sign-in existed. */
    @Bean
    @Order(1)
    SecurityFilterChain apiClients(HttpSecurity http, SecurityProperties props, ApiKeys keys, RateLimiter limiter,
                                   RateLimitProperties limits, MeterRegistry registry, ClientAddress addresses,
                                   ManagementPort managementPort, ApiKeyPepper pepper, FailedApiKeyAttempts failures) throws Exception {
        http.securityMatcher(SecurityConfiguration::carriesCredentials)
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(Problems.unauthorized())
                        .accessDeniedHandler(Problems.forbidden()))
                .authorizeHttpRequests(a -> rules(a, props, false, managementPort))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, pepper, props, failures, addresses),
                        BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(limiter, limits, registry, addresses), AuthorizationFilter.class);
        if (props.jwt().configured()) {
            http.oauth2ResourceServer(o -> o
                    .authenticationEntryPoint(Problems.unauthorized())
                    .jwt(j -> j.decoder(JwtVerification.decoder(props.jwt()))
                            .jwtAuthenticationConverter(JwtVerification.converter(props.jwt()))));
        }
        anonymous(http, props);
        if (!props.jwt().configured() && (props.adminApiKey() == null || props.adminApiKey().isBlank())) {
            log.warn("no JWT secret/issuer and no admin API key configured: API clients cannot authenticate");
        }
        return http.build();
    }

    /** Browsers (pages and the page's API calls): sign-in sessions or the anonymous cookie. */
    @Bean
    @Order(2)
    SecurityFilterChain browsers(HttpSecurity http, SecurityProperties props, SignInOption signIn, RateLimiter limiter,
                                 RateLimitProperties limits, MeterRegistry registry, ClientAddress addresses,
                                 Environment env, ManagementPort managementPort, EmbedPolicy embedding) throws Exception {
        http.httpBasic(b -> b.disable())
                .headers(embedding.headers()) // only the widget's embed page may be framed, by the allowed sites
                .formLogin(f -> f.disable())
                .authorizeHttpRequests(a -> rules(a, props, true, managementPort))
                .addFilterAfter(new RateLimitFilter(limiter, limits, registry, addresses), AuthorizationFilter.class);
        if (signIn.signIn().isPresent()) {
            BrowserSignIn.configure(http, signIn.signIn().get(), props);
        } else {
            http.csrf(c -> c.disable())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(c -> c.disable())
                    .logout(l -> l.disable())
                    .exceptionHandling(e -> e.authenticationEntryPoint(Problems.unauthorized())
                            .accessDeniedHandler(Problems.forbidden()));
        }
        if (props.anonymousAllowed()) {
            AnonymousIdentity identity = new AnonymousIdentity(props.anonymousCookieKey(),
                    env.acceptsProfiles(Profiles.of("prod")));
            http.addFilterBefore(new AnonymousCookieFilter(identity, props.cookieSecure()), AnonymousAuthenticationFilter.class);
            log.warn("public mode: anonymous search and chat are ON, limited per client address");
        }
        anonymous(http, props);
        return http.build();
    }

    private static void rules(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a,
                              SecurityProperties props, boolean browser, ManagementPort managementPort) {
        a.requestMatchers(managementPort).permitAll();
        if (browser && props.mode() == SecurityMode.PRIVATE) {
            a.requestMatchers(PAGES).authenticated();
        }
        a.requestMatchers(PUBLIC).permitAll()
                .requestMatchers("/actuator/**", "/api/v1/admin/**").hasRole("ADMIN")
                .requestMatchers(USER_APIS).hasRole("USER")
                .anyRequest().hasRole("USER");
    }

    private static void anonymous(HttpSecurity http, SecurityProperties props) throws Exception {
        List<String> authorities = props.anonymousAllowed() ? List.of("ROLE_ANONYMOUS", "ROLE_USER") : List.of("ROLE_ANONYMOUS");
        http.anonymous(a -> a.authorities(authorities.toArray(String[]::new)));
    }

    /** A request an API client authenticates itself: it never uses (nor creates) a session. */
    static boolean carriesCredentials(HttpServletRequest request) {
        return request.getHeader("Authorization") != null || request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null;
    }
}
