package io.docchat.chat.signin;

import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real OpenID Connect provider in process (mock-oauth2-server): discovery, authorization with code and PKCE,
 * token, refresh, user info, JWKs and end-session endpoints. Each sign-in is one {@link User} whose groups the
 * test can change; the provider puts the current groups into the tokens of every later refresh.
 */
final class OidcProvider implements AutoCloseable {

    static final String ISSUER_ID = "docchat";

    /** Netty as the HTTP server: the default one is okhttp's 4.x MockWebServer, which the project's okhttp 5 breaks. */
    private final MockOAuth2Server server = new MockOAuth2Server(
            OAuth2Config.Companion.fromJson("{\"interactiveLogin\":false,\"httpServer\":\"NettyWrapper\"}"));

    OidcProvider() {
        server.start();
    }

    String issuer() {
        return server.issuerUrl(ISSUER_ID).toString();
    }

    MockOAuth2Server server() {
        return server;
    }

    /** The next sign-in (authorization code grant) is this user, with tokens valid for {@code expirySeconds}. */
    User next(String subject, String username, long expirySeconds, String... groups) {
        User user = new User(subject, username, expirySeconds, new AtomicReference<>(List.of(groups)));
        server.enqueueCallback(user);
        return user;
    }

    @Override
    public void close() {
        server.shutdown();
    }

    record User(String subject, String username, long expirySeconds, AtomicReference<List<String>> groups)
            implements OAuth2TokenCallback {

        void groups(String... now) {
            groups.set(List.of(now));
        }

        @Override
        public String issuerId() {
            return ISSUER_ID;
        }

        @Override
        public String subject(TokenRequest request) {
            return subject;
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return List.of("docchat-web");
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            return Map.of("preferred_username", username, "groups", groups.get());
        }

        @Override
        public long tokenExpiry() {
            return expirySeconds;
        }
    }
}
