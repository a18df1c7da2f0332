package io.docchat.chat.conversation;

import io.docchat.chat.security.AnonymousCookieFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Who is calling, as the owner id of conversations: the authenticated principal's name (the subject of a
 * bearer token or of a signed-in session, so both reach the same conversations), or for an anonymous caller
 * in public mode the server-minted id of its signed cookie ({@link AnonymousCookieFilter}). Clients never
 * choose their id: the old client-chosen {@code X-Client-Id} header is ignored.
 */
public final class Callers {

    private Callers() {
    }

    public static String id(Authentication authentication, HttpServletRequest request) {
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return authentication.getName();
        }
        if (request.getAttribute(AnonymousCookieFilter.ATTRIBUTE) instanceof String id) {
            return "anon:" + id;
        }
        throw new MissingCallerException();
    }

    /** An anonymous request without a server-minted identity: nothing to scope its conversations to. */
    public static final class MissingCallerException extends RuntimeException {
        MissingCallerException() {
            super("anonymous requests get their identity from the DOCCHAT_ANON cookie the server sets; keep cookies");
        }
    }
}
