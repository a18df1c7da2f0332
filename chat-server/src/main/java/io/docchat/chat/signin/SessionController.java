package io.docchat.chat.signin;

import io.docchat.chat.security.AnonymousCookieFilter;
import io.docchat.chat.security.SecurityProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/**
 * What the pages need to decide how to behave: the mode, whether sign-in exists and who is signed in (name
 * and groups), and the CSRF token a session's state-changing calls must send back in a header.
 */
@RestController
@Tag(name = "session")
class SessionController {

    private final SecurityProperties props;

    SessionController(SecurityProperties props) {
        this.props = props;
    }

    /**
     * @param signInEnabled whether the page offers "Sign in" ({@code /oauth2/authorization/docchat})
     * @param signedIn      whether this request carries a signed-in session, a bearer token or an API key
     * @param name          the display name (preferred user name) when signed in
     * @param groups        the caller's groups (from the provider's groups claim)
     * @param anonymous     whether the caller is an anonymous public-mode visitor
     * @param csrf          header name and token for POST and DELETE of a session (null for stateless callers)
     */
    record SessionView(String mode, boolean signInEnabled, boolean signedIn, String name, List<String> groups,
                       boolean anonymous, Csrf csrf) {
    }

    record Csrf(String headerName, String token) {
    }

    @Operation(summary = "The caller's session: mode, sign-in, name, groups and CSRF token")
    @GetMapping("/api/v1/session")
    SessionView session(Authentication auth, HttpServletRequest request) {
        boolean signedIn = auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
        String name = null;
        if (signedIn) {
            name = auth.getPrincipal() instanceof OidcUser u ? display(u) : auth.getName();
        }
        Csrf csrf = request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken t
                ? new Csrf(t.getHeaderName(), t.getToken()) : null;
        return new SessionView(props.mode().name().toLowerCase(Locale.ROOT), props.signInEnabled(), signedIn, name,
                signedIn ? GroupClaims.of(auth.getAuthorities()) : List.of(),
                !signedIn && request.getAttribute(AnonymousCookieFilter.ATTRIBUTE) != null, csrf);
    }

    private static String display(OidcUser user) {
        for (String n : new String[] {user.getPreferredUsername(), user.getFullName(), user.getEmail()}) {
            if (n != null && !n.isBlank()) {
                return n;
            }
        }
        return user.getName();
    }
}
