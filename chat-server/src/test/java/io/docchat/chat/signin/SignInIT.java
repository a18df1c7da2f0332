package io.docchat.chat.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Private mode against a real OpenID Connect provider (mock-oauth2-server in process) and two chat-server
 * instances sharing Redis: sign-in with code and PKCE, the session on the other instance and after a restart,
 * CSRF on state-changing calls, tampered cookies, logout everywhere, groups re-read at token refresh, and API
 * clients unchanged.
 */
class SignInIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChatStack stack = ChatStack.get();
    private static OidcProvider idp;
    private static ChatStack.Server a;
    private static ChatStack.Server b;

    @BeforeAll
    static void start() {
        idp = new OidcProvider();
        a = stack.startServer(privateMode());
        b = stack.startServer(privateMode());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, idp}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    static Map<String, String> privateMode() {
        return privateMode(idp);
    }

    /** Private mode signing in at {@code idp}. */
    static Map<String, String> privateMode(OidcProvider idp) {
        Map<String, String> p = new HashMap<>();
        p.put("docchat.security.mode", "private");
        p.put("docchat.security.oidc.issuer-uri", idp.issuer());
        p.put("docchat.security.oidc.client-id", "docchat-web");
        p.put("docchat.security.oidc.client-secret", "it-client-secret");
        p.put("docchat.security.oidc.refresh-skew", "0s");
        p.put("docchat.security.cookie-secure", "false");
        return p;
    }

    /** Signs in on {@code server} as a fresh user through the provider; returns the browser holding the session. */
    static Browser signIn(ChatStack.Server server, OidcProvider.User user) throws Exception {
        return signIn(idp, server, user);
    }

    /** Signs in on {@code server} as a fresh user through {@code idp}; returns the browser holding the session. */
    static Browser signIn(OidcProvider idp, ChatStack.Server server, OidcProvider.User user) throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.get(server.baseUrl() + "/");
        assertThat(page.statusCode()).as("a page in private mode sends to sign-in").isEqualTo(302);
        String login = page.headers().firstValue("Location").orElseThrow();
        assertThat(login).endsWith("/oauth2/authorization/docchat");
        HttpResponse<String> toIdp = browser.get(login);
        String authorize = toIdp.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(idp.issuer()).contains("code_challenge=", "code_challenge_method=S256",
                "response_type=code", "nonce=");
        HttpResponse<String> back = browser.get(authorize);
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(server.baseUrl() + "/login/oauth2/code/docchat?code=");
        HttpResponse<String> done = browser.get(callback);
        assertThat(done.statusCode()).as("signed in: %s", done.body()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow()).startsWith(server.baseUrl() + "/");
        String setCookie = done.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("DOCCHAT_SESSION="))
                .findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Lax");
        return browser;
    }

    static JsonNode session(ChatStack.Server server, Browser browser) throws Exception {
        HttpResponse<String> res = browser.get(server.baseUrl() + "/api/v1/session");
        assertThat(res.statusCode()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    static HttpResponse<String> call(Browser browser, String method, String url, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Map<String, String> h = new HashMap<>(headers);
        h.putIfAbsent("Accept", "application/json");
        if (body != null) {
            h.put("Content-Type", "application/json");
        }
        return browser.send(r, h);
    }

    static Map<String, String> csrf(JsonNode session) {
        return Map.of(session.at("/csrf/headerName").asText(), session.at("/csrf/token").asText());
    }

    @Test
    void aSignedInSessionWorksOnBothInstancesAndAfterARestart() throws Exception {
        OidcProvider.User alice = idp.next("alice-" + UUID.randomUUID(), "alice", 300, "engineering");
        Browser browser = signIn(a, alice);

        JsonNode onA = session(a, browser);
        assertThat(onA.get("mode").asText()).isEqualTo("private");
        assertThat(onA.get("signedIn").asBoolean()).isTrue();
        assertThat(onA.get("name").asText()).isEqualTo("alice");
        assertThat(onA.get("groups")).hasSize(1);
        assertThat(onA.get("groups").get(0).asText()).isEqualTo("engineering");

        stack.llm().respondWith(r -> FakeOpenAi.answer("Run docchat keys rotate [1]."));
        HttpResponse<String> chat = call(browser, "POST", b.baseUrl() + "/api/v1/chat?stream=false",
                "{\"question\":\"How do I rotate the signing keys?\"}", csrf(session(b, browser)));
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(JSON.readTree(chat.body()).get("citations")).isNotEmpty();
        HttpResponse<String> list = browser.get(b.baseUrl() + "/api/v1/conversations");
        assertThat(JSON.readTree(list.body())).hasSize(1);

        a.close();
        a = stack.startServer(privateMode());
        assertThat(session(a, browser).get("signedIn").asBoolean()).as("the session outlives the instance").isTrue();
        assertThat(JSON.readTree(browser.get(a.baseUrl() + "/api/v1/conversations").body())).hasSize(1);
    }

    @Test
    void stateChangingCallsOfASessionNeedTheCsrfToken() throws Exception {
        Browser browser = signIn(a, idp.next("bob-" + UUID.randomUUID(), "bob", 300, "sales"));
        String path = a.baseUrl() + "/api/v1/conversations/" + UUID.randomUUID();
        HttpResponse<String> without = call(browser, "DELETE", path, null, Map.of());
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(without.body()).contains("CSRF");
        HttpResponse<String> wrong = call(browser, "DELETE", path, null, Map.of("X-XSRF-TOKEN", "forged"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> with = call(browser, "DELETE", path, null, csrf(session(a, browser)));
        assertThat(with.statusCode()).as("past CSRF, the conversation is unknown").isEqualTo(404);
    }

    @Test
    void withoutAValidSessionTheApiIs401AndPagesSignInAgain() throws Exception {
        Browser browser = signIn(a, idp.next("carol-" + UUID.randomUUID(), "carol", 300, "engineering"));
        String real = browser.cookies.get("DOCCHAT_SESSION");
        String foreign = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        for (String cookie : new String[] {real.substring(0, real.length() - 4) + "AAAA", foreign, "%%%not-base64", ""}) {
            Browser other = new Browser();
            other.cookies.put("DOCCHAT_SESSION", cookie);
            HttpResponse<String> api = other.get(a.baseUrl() + "/api/v1/search?q=keys");
            assertThat(api.statusCode()).as("cookie %s", cookie).isEqualTo(401);
            assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            HttpResponse<String> post = call(other, "POST", a.baseUrl() + "/api/v1/chat?stream=false", "{\"question\":\"x\"}", Map.of());
            assertThat(post.statusCode()).isEqualTo(401);
            HttpResponse<String> page = other.get(a.baseUrl() + "/search.html");
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/oauth2/authorization/docchat");
            assertThat(session(a, other).get("signedIn").asBoolean()).isFalse();
        }
        assertThat(browser.get(a.baseUrl() + "/api/v1/search?q=keys").statusCode()).isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSessionOnEveryInstanceAndAtTheProvider() throws Exception {
        Browser browser = signIn(a, idp.next("dan-" + UUID.randomUUID(), "dan", 300, "sales"));
        String cookie = browser.cookies.get("DOCCHAT_SESSION");
        assertThat(browser.get(b.baseUrl() + "/api/v1/search?q=keys").statusCode()).isEqualTo(200);
        HttpResponse<String> out = call(browser, "POST", b.baseUrl() + "/logout", null, csrf(session(b, browser)));
        assertThat(out.statusCode()).isEqualTo(200);
        String redirect = JSON.readTree(out.body()).get("redirect").asText();
        assertThat(redirect).startsWith(idp.server().endSessionEndpointUrl(OidcProvider.ISSUER_ID).toString())
                .contains("id_token_hint=");
        assertThat(URLDecoder.decode(redirect, StandardCharsets.UTF_8)).contains("post_logout_redirect_uri=" + b.baseUrl() + "/");
        Browser replay = new Browser();
        replay.cookies.put("DOCCHAT_SESSION", cookie);
        for (ChatStack.Server s : new ChatStack.Server[] {a, b}) {
            assertThat(replay.get(s.baseUrl() + "/api/v1/search?q=keys").statusCode()).isEqualTo(401);
            assertThat(session(s, replay).get("signedIn").asBoolean()).isFalse();
        }
    }

    @Test
    void aRefreshedTokenReplacesTheSessionsGroups() throws Exception {
        OidcProvider.User erin = idp.next("erin-" + UUID.randomUUID(), "erin", 2, "engineering", "sales");
        Browser browser = signIn(a, erin);
        assertThat(session(a, browser).get("groups").toString()).isEqualTo("[\"engineering\",\"sales\"]");
        erin.groups("sales");
        await().atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> session(b, browser).get("groups").toString().equals("[\"sales\"]"));
        assertThat(session(a, browser).get("groups").toString()).isEqualTo("[\"sales\"]");
        assertThat(session(a, browser).get("signedIn").asBoolean()).isTrue();
    }

    @Test
    void apiClientsKeepBearerTokensAndApiKeysWithoutCsrfAndAnonymousCallersAre401() throws Exception {
        Browser nobody = new Browser();
        HttpResponse<String> anonymous = nobody.get(a.baseUrl() + "/api/v1/search?q=keys");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(nobody.cookies).doesNotContainKey("DOCCHAT_ANON");
        stack.llm().respondWith(r -> FakeOpenAi.answer("Port 8080 [1]."));
        HttpResponse<String> key = call(nobody, "POST", a.baseUrl() + "/api/v1/chat?stream=false",
                "{\"question\":\"Which port does the server listen on?\"}", Map.of("X-API-Key", ChatStack.ADMIN_KEY));
        assertThat(key.statusCode()).as(key.body()).isEqualTo(200);
        assertThat(nobody.cookies).as("API clients get no session").doesNotContainKey("DOCCHAT_SESSION");
    }

    @Test
    void privateModeWithoutAProviderRefusesToStart() {
        Map<String, String> p = privateMode();
        p.remove("docchat.security.oidc.issuer-uri");
        p.remove("docchat.security.oidc.client-id");
        assertThatThrownBy(() -> stack.startServer(p).close())
                .rootCause().hasMessageContaining("DOCCHAT_OIDC_ISSUER_URI and DOCCHAT_OIDC_CLIENT_ID");
    }
}
