package io.docchat.chat.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.docchat.chat.access.PermissionCorpus.Doc;
import io.docchat.chat.access.PermissionStack.Caller;
import io.docchat.chat.access.PermissionStack.Reply;
import io.docchat.chat.security.Tokens;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.docchat.chat.access.PermissionCorpus.ENG;
import static io.docchat.chat.access.PermissionCorpus.ENG_DOCS;
import static io.docchat.chat.access.PermissionCorpus.PUBLIC_DOCS;
import static io.docchat.chat.access.PermissionCorpus.SALES;
import static io.docchat.chat.access.PermissionCorpus.SALES_DOCS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-user document permissions end to end (issue 17): two users in different groups, two group sources and a
 * public one, against the real stack. Every question is aimed at one chunk of the other group's source (it
 * names that chunk's rare term); each reply, whole, must hold no chunk id, code word, snippet or citation of
 * that source, and neither may the prompt the LLM was sent. Each user also asks their own group's questions
 * first, so their answers and results are in every cache before the other user asks the same words, and so a
 * filter that let nothing through would fail.
 */
class PermissionsIT {

    private static PermissionStack stack;
    private static FakeOpenAi llm;

    private final Caller alice = Caller.token(Tokens.withGroups("alice-" + UUID.randomUUID(), List.of(ENG)));
    private final Caller bob = Caller.token(Tokens.withGroups("bob-" + UUID.randomUUID(), List.of(SALES)));

    @BeforeAll
    static void start() throws Exception {
        stack = new PermissionStack();
        llm = stack.llm();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void echo() {
        stack.echoCodes();
    }

    @Test
    void noChunkSnippetCitationPromptOrCachedAnswerOfAnotherGroupReachesAUser() {
        int attempts = 0;
        List<String> conversations = new ArrayList<>();
        for (Doc doc : ENG_DOCS) {
            attempts += ownThenOther(doc, alice, bob, "SALES", "ENG", conversations);
        }
        for (Doc doc : SALES_DOCS) {
            attempts += ownThenOther(doc, bob, alice, "ENG", "SALES", conversations);
        }
        // the history of every conversation the wrong user started holds nothing of the other group either
        for (String entry : conversations) {
            String[] parts = entry.split(" ", 2);
            Caller who = parts[0].equals("alice") ? alice : bob;
            Reply history = stack.conversation(who, parts[1]);
            assertThat(history.status()).isEqualTo(200);
            assertNoLeak(history.body(), parts[0].equals("alice") ? "SALES" : "ENG", "history " + parts[1]);
            attempts++;
        }
        assertThat(attempts).as("questions aimed at the other group's documents").isGreaterThanOrEqualTo(50);
    }

    /**
     * The owner asks about {@code doc} (search, chat JSON, chat SSE: their results and answers are now cached),
     * then the other user asks the very same words and a rewording through all three. Returns how many requests
     * the other user made.
     */
    private int ownThenOther(Doc doc, Caller owner, Caller other, String ownerForbids, String otherForbids,
                             List<String> conversations) {
        Reply own = stack.search(owner, doc.question());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("hits").get(0).path("chunkId").asText()).as("owner's own doc first").isEqualTo(doc.chunkId());
        assertNoLeak(own.body(), ownerForbids, "owner search");
        Reply ownChat = stack.chatJson(owner, doc.question(), null);
        assertThat(ownChat.status()).isEqualTo(200);
        assertThat(ownChat.json().path("answer").asText()).as("owner's answer is written from the doc")
                .contains(code(doc));
        assertNoLeak(ownChat.body(), ownerForbids, "owner chat");
        assertThat(stack.chatJson(owner, doc.question(), null).json().path("done").path("mode").asText())
                .as("the owner's repeated question is served from the answer cache").isEqualTo("cache");

        String otherName = other == alice ? "alice" : "bob";
        int n = 0;
        for (String q : List.of(doc.question(), "Please explain: " + doc.question().toLowerCase())) {
            Reply search = stack.search(other, q);
            assertThat(search.status()).isEqualTo(200);
            assertNoLeak(search.body(), otherForbids, "search " + q);
            llm.reset();
            stack.echoCodes();
            Reply json = stack.chatJson(other, q, null);
            assertThat(json.status()).isEqualTo(200);
            assertNoLeak(json.body(), otherForbids, "chat json " + q);
            if (q.equals(doc.question())) {
                // the owner's answer to these very words is cached; this user never asked them (a later request
                // may legitimately reuse this user's own answer, so only the first is checked for the mode)
                assertThat(json.json().path("done").path("mode").asText()).as("no cached answer crosses").isNotEqualTo("cache");
            }
            assertPromptsClean(otherForbids);
            conversations.add(otherName + " " + json.json().path("done").path("conversationId").asText());
            Reply sse = stack.chatSse(other, q);
            assertThat(sse.status()).isEqualTo(200);
            assertNoLeak(sse.body(), otherForbids, "chat sse " + q);
            assertPromptsClean(otherForbids);
            n += 3;
        }
        return n;
    }

    @Test
    void aTokenWithoutTheGroupsClaimAndAnAnonymousCallerReadPublicSourcesOnly() {
        Caller noClaim = Caller.token(Tokens.withGroups("dave-" + UUID.randomUUID(), null));
        for (Caller who : List.of(noClaim, Caller.anonymous())) {
            Doc pub = PUBLIC_DOCS.get(1);
            Reply own = stack.search(who, pub.question());
            assertThat(own.json().path("hits").get(0).path("chunkId").asText()).isEqualTo(pub.chunkId());
            for (Doc doc : List.of(ENG_DOCS.get(0), ENG_DOCS.get(5), SALES_DOCS.get(2), SALES_DOCS.get(7))) {
                Reply search = stack.search(who, doc.question());
                assertThat(search.status()).isEqualTo(200);
                assertNoLeak(search.body(), "ENG", "search");
                assertNoLeak(search.body(), "SALES", "search");
                search.json().path("hits").forEach(h -> assertThat(h.path("source").asText()).isEqualTo("public-docs"));
                Reply chat = stack.chatJson(who, doc.question(), null);
                assertNoLeak(chat.body(), "ENG", "chat");
                assertNoLeak(chat.body(), "SALES", "chat");
            }
        }
    }

    @Test
    void aNewTokenWithFewerGroupsGetsNothingCachedUnderTheOldRightsAndTheHistoryHidesWhatItNoLongerMayRead() {
        String carol = "carol-" + UUID.randomUUID();
        // a group of her own as well: no other test's user shares her permission sets, so every cache entry under
        // them is hers
        String own = "carol-team-" + UUID.randomUUID();
        Caller both = Caller.token(Tokens.withGroups(carol, List.of(ENG, SALES, own)));
        Doc doc = ENG_DOCS.get(3);
        Reply before = stack.search(both, doc.question());
        assertThat(before.json().path("hits").get(0).path("chunkId").asText()).isEqualTo(doc.chunkId());
        assertThat(stack.search(both, doc.question()).json().path("cached").asBoolean()).isTrue();
        Reply answered = stack.chatJson(both, doc.question(), null);
        assertThat(answered.json().path("answer").asText()).contains(code(doc));
        String conversation = answered.json().path("done").path("conversationId").asText();
        assertThat(stack.conversation(both, conversation).body()).contains(code(doc)).contains(doc.chunkId());

        // the IdP removed carol from eng: her next token says so
        Caller salesOnly = Caller.token(Tokens.withGroups(carol, List.of(SALES, own)));
        Reply after = stack.search(salesOnly, doc.question());
        assertNoLeak(after.body(), "ENG", "search after");
        assertThat(after.json().path("cached").asBoolean()).as("not the result cached for eng+sales").isFalse();
        llm.reset();
        stack.echoCodes();
        Reply again = stack.chatJson(salesOnly, doc.question(), null);
        assertNoLeak(again.body(), "ENG", "chat after");
        assertThat(again.json().path("done").path("mode").asText()).isNotEqualTo("cache");
        assertPromptsClean("ENG");

        Reply history = stack.conversation(salesOnly, conversation);
        assertThat(history.status()).isEqualTo(200);
        assertNoLeak(history.body(), "ENG", "history after");
        assertThat(history.body()).contains(io.docchat.chat.conversation.ReadableHistory.WITHHELD);
        assertThat(history.body()).as("her own question stays").contains(doc.question());

        // a follow-up in the old conversation is not condensed or prompted with the withheld answer
        llm.reset();
        stack.echoCodes();
        Reply followUp = stack.chatJson(salesOnly, "And what about the reference?", UUID.fromString(conversation));
        assertThat(followUp.status()).isEqualTo(200);
        assertNoLeak(followUp.body(), "ENG", "follow-up");
        assertPromptsClean("ENG");

        // and with eng back, the history shows it again
        assertThat(stack.conversation(both, conversation).body()).contains(code(doc));
    }

    private static String code(Doc doc) {
        return (doc.source().startsWith("eng") ? "ENGCODE" : "SALESCODE")
                + String.format("%02d", (doc.source().startsWith("eng") ? ENG_DOCS : SALES_DOCS).indexOf(doc) + 1);
    }

    /** Nothing of the {@code forbidden} source ("ENG" or "SALES"): no code word, no chunk id, no source name. */
    private static void assertNoLeak(String body, String forbidden, String what) {
        String source = forbidden.toLowerCase() + "-docs";
        assertThat(body).as(what).doesNotContain(forbidden + "CODE").doesNotContain(source + ":").doesNotContain("\"" + source + "\"");
    }

    private static void assertPromptsClean(String forbidden) {
        for (JsonNode request : llm.requests()) {
            assertThat(FakeOpenAi.prompt(request)).as("prompt sent to the LLM").doesNotContain(forbidden + "CODE");
        }
    }
}
