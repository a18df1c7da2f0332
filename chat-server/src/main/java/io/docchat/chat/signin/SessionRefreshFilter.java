package io.docchat.chat.signin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Keeps a signed-in session's rights current. On each request of a session user the access token is
 * refreshed when it is about to expire (Spring's authorized-client manager; the refresh token stays on the
 * server); when the token changed, the user's groups are read again from it and the session's authentication
 * replaced, so a group removed at the identity provider is gone from the next refresh on. A refresh the
 * provider refuses (session ended, user disabled) ends the DocChat session too: the request goes on
 * unauthenticated (401 for the API, a fresh sign-in for pages).
 */
final class SessionRefreshFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionRefreshFilter.class);
    /** Which access token the session's authorities were computed from (a hash, never the token). */
    static final String TOKEN_STAMP = SessionRefreshFilter.class.getName() + ".TOKEN";

    private final SignIn signIn;
    private final SecurityContextRepository contexts;

    SessionRefreshFilter(SignIn signIn, SecurityContextRepository contexts) {
        this.signIn = signIn;
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.getContext();
        if (context.getAuthentication() instanceof OAuth2AuthenticationToken user) {
            try {
                OAuth2AuthorizedClient client = signIn.manager().authorize(OAuth2AuthorizeRequest
                        .withClientRegistrationId(user.getAuthorizedClientRegistrationId()).principal(user)
                        .attribute(HttpServletRequest.class.getName(), request)
                        .attribute(HttpServletResponse.class.getName(), response).build());
                if (client == null) {
                    signOut(request, "no tokens in the session");
                } else {
                    update(request, response, user, client);
                }
            } catch (OAuth2AuthorizationException e) {
                signOut(request, "token refresh refused: " + e.getError().getErrorCode());
            }
        }
        chain.doFilter(request, response);
    }

    private void update(HttpServletRequest request, HttpServletResponse response, OAuth2AuthenticationToken user,
                        OAuth2AuthorizedClient client) {
        HttpSession session = request.getSession(false);
        String stamp = stamp(client.getAccessToken().getTokenValue());
        if (session == null || stamp.equals(session.getAttribute(TOKEN_STAMP))) {
            return;
        }
        List<GrantedAuthority> authorities = signIn.authoritiesFor(client.getAccessToken());
        if (!authorities.equals(List.copyOf(user.getAuthorities()))) {
            OidcUser old = (OidcUser) user.getPrincipal();
            String nameKey = signIn.registrations().findByRegistrationId(user.getAuthorizedClientRegistrationId())
                    .getProviderDetails().getUserInfoEndpoint().getUserNameAttributeName();
            var principal = new DefaultOidcUser(authorities, old.getIdToken(), old.getUserInfo(), nameKey);
            var replaced = new OAuth2AuthenticationToken(principal, authorities, user.getAuthorizedClientRegistrationId());
            replaced.setDetails(user.getDetails());
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(replaced);
            SecurityContextHolder.setContext(context);
            contexts.saveContext(context, request, response);
            log.debug("session groups now {}", GroupClaims.of(authorities));
        }
        session.setAttribute(TOKEN_STAMP, stamp);
    }

    private static void signOut(HttpServletRequest request, String why) {
        log.debug("ending a session: {}", why);
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }

    static String stamp(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
