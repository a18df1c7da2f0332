package io.docchat.chat.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.docchat.chat.access.PermissionCorpus.Doc;
import io.docchat.chat.access.PermissionStack.Caller;
import io.docchat.chat.access.PermissionStack.Reply;
import io.docchat.chat.conversation.ReadableHistory;
import io.docchat.chat.testing.FakeOpenAi;
import io.docchat.chat.web.KeycloakAdmin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.docchat.chat.access.PermissionCorpus.ENG;
import static io.docchat.chat.access.PermissionCorpus.ENG_DOCS;
import static io.docchat.chat.access.PermissionCorpus.SALES;
import static io.docchat.chat.access.PermissionCorpus.SALES_DOCS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group removed at the identity provider, end to end in one test (issue 17): a user of {@code eng} and
 * {@code sales} signs in through the real Keycloak's login form (ops/dev/keycloak/kc, port 8180), asks about
 * {@code eng} documents through search, chat JSON and chat SSE (results and answers now cached under those
 * rights), then an admin removes {@code eng} from the user through Keycloak's admin API. At the next token
 * refresh (access tokens of this run's client live 5 s) the session's groups change, and the same questions
 * through search, chat JSON, chat SSE and the conversation history then show nothing of {@code eng}: no chunk,
 * snippet, citation, code word, prompt passage or cached answer, while {@code sales} questions are still answered
 * from {@code sales} chunks. Fails, never skips, when Keycloak is not running.
 */
class KeycloakGroupRemovalIT {

    private static final String KEYCLOAK = System.getProperty("docchat.it.keycloak.url",
            System.getenv().getOrDefault("DOCCHAT_KEYCLOAK_URL", "http://localhost:8180"));
    private static final String PASSWORD = "it-password-2";

    @Test
    void aGroupRemovedAtKeycloakIsGoneFromSearchChatHistoryAndEveryCacheAfterTheNextRefresh() throws Exception {
        KeycloakAdmin.awaitRealm(KEYCLOAK, Duration.ofSeconds(Long.getLong("docchat.it.keycloak.wait-seconds", 180)));
        KeycloakAdmin admin = new KeycloakAdmin(KEYCLOAK);
        // the permission corpus's groups; the demo realm has sales, and eng is made for the test when missing
        boolean createdEng = admin.ensureGroup(ENG);
        boolean createdSales = admin.ensureGroup(SALES);
        String clientId = "docchat-it-groups-" + Long.toHexString(System.nanoTime());
        String secret = admin.createClient(clientId, 5);
        String user = "it-groups-" + Long.toHexString(System.nanoTime());
        String userId = admin.createUser(user, PASSWORD, ENG, SALES);
        try (PermissionStack stack = new PermissionStack(Map.of(
                "docchat.security.mode", "private",
                "docchat.security.oidc.issuer-uri", KEYCLOAK + "/realms/docchat",
                "docchat.security.oidc.client-id", clientId,
                "docchat.security.oidc.client-secret", secret,
                "docchat.security.oidc.refresh-skew", "0s",
                "docchat.security.cookie-secure", "false"))) {
            FakeOpenAi llm = stack.llm();
            String cookie = KeycloakFormSignIn.signIn(stack.baseUrl(), KEYCLOAK, user, PASSWORD);
            Caller signedIn = session(stack, cookie);
            assertThat(stack.session(signedIn).json().get("groups").toString()).isEqualTo("[\"eng\",\"sales\"]");

            // before: the eng documents are found, answered from, and cached under the user's rights
            List<Doc> engDocs = ENG_DOCS.subList(0, 4);
            List<String> conversations = new ArrayList<>();
            for (Doc doc : engDocs) {
                Reply search = stack.search(signedIn, doc.question());
                assertThat(search.json().path("hits").get(0).path("chunkId").asText()).isEqualTo(doc.chunkId());
                assertThat(stack.search(signedIn, doc.question()).json().path("cached").asBoolean()).isTrue();
                Reply chat = stack.chatJson(signedIn, doc.question(), null);
                assertThat(chat.status()).as(chat.body()).isEqualTo(200);
                assertThat(chat.body()).contains("ENGCODE");
                conversations.add(chat.json().path("done").path("conversationId").asText());
                assertThat(stack.chatJson(signedIn, doc.question(), null).json().path("done").path("mode").asText())
                        .as("the answer is cached for these rights").isEqualTo("cache");
            }
            Reply sse = stack.chatSse(signedIn, engDocs.getFirst().question());
            assertThat(sse.body()).contains("ENGCODE");
            for (String id : conversations) {
                assertThat(stack.conversation(signedIn, id).body()).contains("ENGCODE");
            }

            admin.removeFromGroup(userId, ENG);
            long removed = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> stack.session(signedIn).json().get("groups").toString().equals("[\"sales\"]"));
            System.out.printf("group removal reached the session after %d ms%n", (System.nanoTime() - removed) / 1_000_000);
            Caller refreshed = session(stack, cookie); // the same session; the CSRF token is read again

            // after: the same questions serve nothing of eng, from no cache
            llm.reset();
            stack.echoCodes();
            for (Doc doc : engDocs) {
                Reply search = stack.search(refreshed, doc.question());
                assertThat(search.status()).isEqualTo(200);
                assertNoEng(search.body(), "search " + doc.question());
                assertThat(search.json().path("cached").asBoolean()).as("not the result cached under eng").isFalse();
                Reply chat = stack.chatJson(refreshed, doc.question(), null);
                assertThat(chat.status()).as(chat.body()).isEqualTo(200);
                assertNoEng(chat.body(), "chat " + doc.question());
                assertThat(chat.json().path("done").path("mode").asText()).as("not the answer cached under eng").isNotEqualTo("cache");
                Reply stream = stack.chatSse(refreshed, doc.question());
                assertThat(stream.status()).isEqualTo(200);
                assertNoEng(stream.body(), "chat sse " + doc.question());
            }
            for (String id : conversations) {
                Reply history = stack.conversation(refreshed, id);
                assertThat(history.status()).isEqualTo(200);
                assertNoEng(history.body(), "history " + id);
                assertThat(history.body()).contains(ReadableHistory.WITHHELD);
            }
            for (JsonNode request : llm.requests()) {
                assertThat(FakeOpenAi.prompt(request)).as("prompt sent to the LLM").doesNotContain("ENGCODE");
            }
            // the filter still admits what the user may read
            Doc sales = SALES_DOCS.get(2);
            Reply search = stack.search(refreshed, sales.question());
            assertThat(search.json().path("hits").get(0).path("chunkId").asText()).isEqualTo(sales.chunkId());
            assertThat(stack.chatJson(refreshed, sales.question(), null).body()).contains("SALESCODE03");
        } finally {
            admin.deleteUser(userId);
            admin.deleteClient(clientId);
            if (createdEng) {
                admin.deleteGroup(ENG);
            }
            if (createdSales) {
                admin.deleteGroup(SALES);
            }
        }
    }

    private static Caller session(PermissionStack stack, String cookie) {
        Caller reader = new Caller(null, null, Map.of("Cookie", "DOCCHAT_SESSION=" + cookie));
        JsonNode session = stack.session(reader).json();
        assertThat(session.get("signedIn").asBoolean()).isTrue();
        return Caller.session(cookie, session.at("/csrf/headerName").asText(), session.at("/csrf/token").asText());
    }

    /** Nothing of eng-docs: no code word, no chunk id, no source name. */
    private static void assertNoEng(String body, String what) {
        assertThat(body).as(what).doesNotContain("ENGCODE").doesNotContain("eng-docs:").doesNotContain("\"eng-docs\"");
    }
}
