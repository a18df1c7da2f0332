package io.docchat.chat.signin;

import io.docchat.chat.security.OidcSettings;
import io.docchat.chat.security.Problems;
import io.docchat.chat.security.SecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

import java.util.Set;

/**
 * OpenID Connect sign-in for the browser chain: authorization code with PKCE (also for a confidential client),
 * tokens kept in the server-side session (Spring Session in Redis), an HttpOnly SameSite=Lax session cookie,
 * CSRF tokens (cookie {@code XSRF-TOKEN}, header {@code X-XSRF-TOKEN}, also given by {@code /api/v1/session})
 * required on every state-changing call of a request that has a session, and RP-initiated logout that ends
 * the identity provider's session too. An API call without a valid session is a 401 problem; a page is sent
 * to sign in. A tampered, expired or foreign session cookie finds no session, so it is treated the same way.
 */
public final class BrowserSignIn {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final String LOGIN = "/oauth2/authorization/" + OidcSettings.REGISTRATION_ID;

    private BrowserSignIn() {
    }

    public static void configure(HttpSecurity http, SignIn signIn, SecurityProperties props) throws Exception {
        var contexts = new HttpSessionSecurityContextRepository();
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(signIn.registrations(),
                "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        var logout = new SignOutHandler(signIn.registrations(), signIn.settings().baseUrl() + "/");
        var csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(c -> c.secure(props.cookieSecure()).sameSite("Lax"));
        var csrfHandler = new CsrfTokenRequestAttributeHandler();
        var requests = new HttpSessionRequestCache();
        requests.setRequestMatcher(r -> "GET".equals(r.getMethod()) && !isApi(r));

        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .securityContext(c -> c.securityContextRepository(contexts))
                .requestCache(c -> c.requestCache(requests))
                .csrf(c -> c.csrfTokenRepository(csrfTokens).csrfTokenRequestHandler(csrfHandler)
                        .requireCsrfProtectionMatcher(BrowserSignIn::needsCsrf))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint())
                        .accessDeniedHandler(Problems.forbidden()))
                .oauth2Login(o -> o
                        .clientRegistrationRepository(signIn.registrations())
                        .authorizedClientRepository(signIn.authorizedClients())
                        .authorizationEndpoint(a -> a.authorizationRequestResolver(resolver))
                        .userInfoEndpoint(u -> u.oidcUserService(signIn.userService()))
                        .loginPage(LOGIN)
                        .failureHandler((request, response, e) -> Problems.write(response, 401, "Unauthorized",
                                "sign-in failed: " + e.getMessage())))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessHandler(logout)
                        .deleteCookies(sessionCookie(), "XSRF-TOKEN"))
                .addFilterBefore(new SessionRefreshFilter(signIn, contexts),
                        ExceptionTranslationFilter.class);
    }

    /** State-changing calls of a request that has a session: the only ones a cookie alone authenticates. */
    static boolean needsCsrf(HttpServletRequest request) {
        return !SAFE.contains(request.getMethod()) && request.getSession(false) != null;
    }

    static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).startsWith("/api/");
    }

    private static AuthenticationEntryPoint entryPoint() {
        AuthenticationEntryPoint api = Problems.unauthorized();
        AuthenticationEntryPoint page = new LoginUrlAuthenticationEntryPoint(LOGIN);
        return (request, response, e) -> (isApi(request) ? api : page).commence(request, response, e);
    }

    static String sessionCookie() {
        return "DOCCHAT_SESSION";
    }

}
