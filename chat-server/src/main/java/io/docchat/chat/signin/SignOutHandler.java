package io.docchat.chat.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RP-initiated logout: after the DocChat session is gone, the browser goes to the provider's end-session
 * endpoint (with the ID token hint and the post-logout redirect), which ends the provider's session too. The
 * page signs out with {@code fetch} (so it can send the CSRF header) and asks for JSON: it then gets
 * {@code {"redirect": url}} and navigates there itself; anything else gets the usual 302.
 */
final class SignOutHandler extends OidcClientInitiatedLogoutSuccessHandler {

    SignOutHandler(ClientRegistrationRepository registrations, String postLogoutRedirectUri) {
        super(registrations);
        setPostLogoutRedirectUri(postLogoutRedirectUri);
    }

    @Override
    public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        String accept = request.getHeader("Accept");
        if (accept == null || !accept.contains(MediaType.APPLICATION_JSON_VALUE)) {
            super.onLogoutSuccess(request, response, authentication);
            return;
        }
        String target = determineTargetUrl(request, response, authentication);
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"redirect\":\"" + target.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
