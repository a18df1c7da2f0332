package io.docchat.chat.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.testing.ChatStack;
import io.docchat.elastic.testing.TcpProxy;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session store (Redis, Spring Session) down while a browser holds a session cookie: every call that needs
 * the session is a retryable 503 problem with {@code Retry-After} (it was a 500 from the container), calls that
 * need no session keep their own answers (401 for the anonymous, 200 for an API key, whose caches fall back), and
 * the session is usable again once Redis is back. The real Redis behind a {@link TcpProxy} that the test cuts, so
 * the shared Redis of the other tests is never touched.
 */
class SessionStoreOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChatStack stack = ChatStack.get();

    @Test
    void aSessionCookieWhileRedisIsDownIsA503ProblemAndNothingIsA500() throws Exception {
        String prefix = "it-session-outage-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (OidcProvider idp = new OidcProvider();
             TcpProxy redis = new TcpProxy(TestServices.redisHost(), TestServices.redisPort());
             ChatStack.Server priv = stack.startServer(behind(redis, prefix, SignInIT.privateMode(idp)));
             ChatStack.Server pub = stack.startServer(behind(redis, prefix + "pub:", Map.of("docchat.security.mode", "public")))) {
            // the first connection to Redis of a cold server on a busy machine may miss its 500 ms connect timeout
            // (then that request is the 503 under test); sign in once a page is answered normally
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> new Browser().get(priv.baseUrl() + "/").statusCode() == 302);
            Browser browser = SignInIT.signIn(idp, priv, idp.next("olga-" + UUID.randomUUID(), "olga", 300, "engineering"));
            JsonNode session = SignInIT.session(priv, browser);
            assertThat(session.get("signedIn").asBoolean()).isTrue();
            Map<String, String> csrf = SignInIT.csrf(session);
            // a cold server on a busy machine may miss Elasticsearch's 1 s socket timeout once (a 503 of its own)
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> browser.get(priv.baseUrl() + "/api/v1/search?q=keys").statusCode() == 200);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> new Browser().get(pub.baseUrl() + "/api/v1/search?q=keys").statusCode() == 200);
            String cookie = browser.cookies.get("DOCCHAT_SESSION");

            redis.cut();

            // with the session cookie: the session cannot be read, so the call cannot be answered for now
            assertUnavailable(browser.get(priv.baseUrl() + "/api/v1/search?q=keys"), "search");
            assertUnavailable(browser.get(priv.baseUrl() + "/api/v1/session"), "session");
            assertUnavailable(browser.get(priv.baseUrl() + "/api/v1/conversations"), "history");
            assertUnavailable(SignInIT.call(browser, "POST", priv.baseUrl() + "/api/v1/chat?stream=false",
                    "{\"question\":\"How do I rotate the signing keys?\"}", csrf), "chat");
            assertUnavailable(SignInIT.call(browser, "POST", priv.baseUrl() + "/logout", null, csrf), "logout");
            assertUnavailable(browser.get(priv.baseUrl() + "/"), "page");
            // the same cookie sent to a public-mode server (a stale cookie after a mode change) is no different
            Browser stale = new Browser();
            stale.cookies.put("DOCCHAT_SESSION", cookie);
            assertUnavailable(stale.get(pub.baseUrl() + "/api/v1/search?q=keys"), "public-mode search with a session cookie");

            // without a session cookie nothing needs the session store: each call keeps its own answer
            Browser nobody = new Browser();
            assertThat(nobody.get(priv.baseUrl() + "/api/v1/search?q=keys").statusCode()).isEqualTo(401);
            HttpResponse<String> anonymousSession = nobody.get(priv.baseUrl() + "/api/v1/session");
            assertThat(anonymousSession.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(anonymousSession.body()).get("signedIn").asBoolean()).isFalse();
            HttpResponse<String> withKey = SignInIT.call(nobody, "GET", priv.baseUrl() + "/api/v1/search?q=keys", null,
                    Map.of("X-API-Key", ChatStack.ADMIN_KEY));
            assertThat(withKey.statusCode()).as(withKey.body()).isEqualTo(200);
            assertThat(nobody.get(pub.baseUrl() + "/api/v1/search?q=keys").statusCode()).isEqualTo(200);

            redis.start();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> browser.get(priv.baseUrl() + "/api/v1/search?q=keys").statusCode() == 200);
            assertThat(SignInIT.session(priv, browser).get("signedIn").asBoolean()).as("the session outlived the outage").isTrue();
        }
    }

    private static Map<String, String> behind(TcpProxy redis, String prefix, Map<String, String> mode) {
        Map<String, String> p = new HashMap<>(mode);
        p.put("spring.data.redis.port", String.valueOf(redis.port()));
        p.put("docchat.cache.key-prefix", prefix);
        p.put("docchat.ratelimit.key-prefix", prefix + "rl:");
        return p;
    }

    private static void assertUnavailable(HttpResponse<String> res, String what) throws Exception {
        assertThat(res.statusCode()).as("%s: %s", what, res.body()).isEqualTo(503);
        assertThat(res.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/problem+json");
        assertThat(res.headers().firstValue("Retry-After")).as(what).isPresent();
        JsonNode problem = JSON.readTree(res.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asText()).as(what).containsIgnoringCase("session");
        assertThat(List.of(res.body())).noneMatch(b -> b.contains("Exception") || b.contains("redis"));
    }
}
