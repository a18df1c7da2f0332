package io.docchat.chat.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** RFC 9457 bodies for 401 and 403, written by the security filters (before any controller runs). */
public final class Problems {

    private Problems() {
    }

    /** 401 with a {@code WWW-Authenticate} challenge naming both accepted credentials. */
    public static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> write401(response, detail(e));
    }

    public static AccessDeniedHandler forbidden() {
        return (request, response, e) -> write(response, 403, "Forbidden", e instanceof CsrfException
                ? "missing or invalid CSRF token: a signed-in session sends it in the X-XSRF-TOKEN header "
                + "(GET /api/v1/session gives it)"
                : "this route needs a role the caller does not have");
    }

    public static void write401(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"docchat\", ApiKey header=\"X-API-Key\"");
        write(response, 401, "Unauthorized", detail);
    }

    public static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\"}");
    }

    private static String detail(AuthenticationException e) {
        if (e instanceof InvalidBearerTokenException) {
            return "invalid bearer token";
        }
        return "authentication required: sign in, or send a bearer token or an X-API-Key header";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
