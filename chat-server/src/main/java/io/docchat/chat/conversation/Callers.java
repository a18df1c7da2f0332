package io.docchat.chat.conversation;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

import java.util.regex.Pattern;

/**
 * Who is calling, as the owner id of conversations: the authenticated principal's name, or for an
 * anonymous caller (when anonymous access is enabled) the random client id the page keeps in local
 * storage and sends as {@code X-Client-Id}. That id is a bearer secret, so it must be unguessable.
 */
public final class Callers {

    public static final String CLIENT_ID_HEADER = "X-Client-Id";
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9-]{16,64}");

    private Callers() {
    }

    public static String id(Authentication authentication, HttpServletRequest request) {
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return authentication.getName();
        }
        String client = request.getHeader(CLIENT_ID_HEADER);
        if (client != null && CLIENT_ID.matcher(client).matches()) {
            return "anon:" + client;
        }
        throw new MissingCallerException();
    }

    /** An anonymous request without a usable client id: nothing to scope its conversations to. */
    public static final class MissingCallerException extends RuntimeException {
        MissingCallerException() {
            super("anonymous requests need an " + CLIENT_ID_HEADER + " header (16-64 letters, digits or dashes)");
        }
    }
}
