package io.docchat.chat.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseCookie;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Public mode: gives every browser without a valid anonymous cookie a new signed one and tells the request
 * which anonymous id it carries ({@link #ATTRIBUTE}, read by {@code Callers}). A tampered or foreign cookie is
 * simply replaced: its owner starts afresh and sees nobody else's conversations.
 */
public final class AnonymousCookieFilter extends OncePerRequestFilter {

    public static final String ATTRIBUTE = AnonymousCookieFilter.class.getName() + ".ID";
    private static final Duration MAX_AGE = Duration.ofDays(365);

    private final AnonymousIdentity identity;
    private final boolean secure;

    public AnonymousCookieFilter(AnonymousIdentity identity, boolean secure) {
        this.identity = identity;
        this.secure = secure;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> id = Optional.empty();
        if (request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (AnonymousIdentity.COOKIE.equals(c.getName())) {
                    id = identity.verify(c.getValue());
                    if (id.isPresent()) {
                        break;
                    }
                }
            }
        }
        if (id.isEmpty()) {
            String value = identity.mint();
            id = identity.verify(value);
            response.addHeader("Set-Cookie", ResponseCookie.from(AnonymousIdentity.COOKIE, value).httpOnly(true)
                    .secure(secure).sameSite("Lax").path("/").maxAge(MAX_AGE).build().toString());
        }
        request.setAttribute(ATTRIBUTE, id.get());
        chain.doFilter(request, response);
    }
}
