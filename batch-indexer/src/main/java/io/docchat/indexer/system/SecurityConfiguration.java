package io.docchat.indexer.system;

import io.docchat.elastic.security.JwtVerification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * Stateless, no sessions or cookies. With admin credentials configured, {@code /admin/**} needs the ADMIN role;
 * without, it stays open and the loopback binding is the protection. The actuator is served on the management
 * port only and is open there (see {@link ManagementPort}); on the app port the liveness and readiness probes
 * answer as {@code /livez} and {@code /readyz} (public).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // one-shot mode runs without a web server
@EnableConfigurationProperties(AdminSecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AdminSecurityProperties props, ManagementPort managementPort)
            throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
        if (!props.configured()) {
            log.warn("no DOCCHAT_ADMIN_API_KEY and no JWT configured: the admin API is open to whoever reaches {}",
                    "server.address (127.0.0.1 by default)");
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        http.authorizeHttpRequests(a -> a
                .requestMatchers(managementPort).permitAll()
                .requestMatchers("/livez", "/readyz", "/error").permitAll()
                .requestMatchers("/admin/**", "/actuator/**").hasRole("ADMIN")
                .anyRequest().permitAll());
        if (props.hasAdminKey()) {
            http.addFilterBefore(AdminCredentials.apiKeyFilter(props.adminApiKey()), BearerTokenAuthenticationFilter.class);
        }
        if (props.jwt().configured()) {
            http.oauth2ResourceServer(o -> o.jwt(j -> j.decoder(JwtVerification.decoder(props.jwt()))
                    .jwtAuthenticationConverter(JwtVerification.converter(props.jwt()))));
        }
        return http.build();
    }
}
