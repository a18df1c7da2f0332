package io.docchat.chat.chat;

import io.docchat.chat.testing.ChatClient;
import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The semantic answer cache (docchat.chat.semantic-cache-threshold) end to end: the real embedding model
 * judges the paraphrases, the answers sit in the real Redis, and the calls are counted at the fake OpenAI
 * server. The shared server has the option off; a second server on the same stack has it on.
 */
class SemanticAnswerCacheIT {

    private static final String QUESTION = "How do I rotate the signing keys?";
    private static final String PARAPHRASE = "What is the way to rotate signing keys";
    private static final String THRESHOLD = "0.9";

    private static final ChatStack stack = ChatStack.get();
    private static ChatStack.Server semantic;
    private final FakeOpenAi llm = stack.llm();

    @BeforeAll
    static void startServerWithTheOptionOn() {
        semantic = stack.startServer(Map.of("docchat.chat.semantic-cache-threshold", THRESHOLD));
    }

    @AfterAll
    static void stop() {
        semantic.close();
    }

    @BeforeEach
    void reset() {
        llm.reset();
        stack.clearAnswerCache();
        llm.respondWith(r -> FakeOpenAi.prompt(r).contains("Rewrite the follow-up")
                ? FakeOpenAi.answer(QUESTION)
                : FakeOpenAi.answer("Run docchat keys rotate [1]."));
    }

    @Test
    void aParaphraseInTheSameIndexGenerationGetsTheStoredAnswerWithoutAnUpstreamCall() {
        ChatClient.Stream first = semantic.newUser().chat(QUESTION, null);
        assertThat(first.done().path("mode").asText()).isEqualTo("llm");
        int calls = llm.requestCount();

        ChatClient.Stream again = semantic.newUser().chat(PARAPHRASE, null);

        assertThat(llm.requestCount()).as("upstream calls").isEqualTo(calls);
        assertThat(again.done().path("mode").asText()).isEqualTo("cache");
        assertThat(again.text()).isEqualTo(first.text());
        assertThat(again.first("sources").path("sources").get(0).path("chunkId").asText()).isEqualTo("keys#0");
    }

    @Test
    void anUnrelatedQuestionDoesNotHit() {
        semantic.newUser().chat(QUESTION, null);
        int calls = llm.requestCount();

        ChatClient.Stream other = semantic.newUser().chat("Which port does the server listen on?", null);

        assertThat(llm.requestCount()).as("upstream calls").isEqualTo(calls + 1);
        assertThat(other.done().path("mode").asText()).isEqualTo("llm");
    }

    @Test
    void aFollowUpInAConversationIsNotAnsweredFromTheCache() {
        semantic.newUser().chat(QUESTION, null);
        ChatClient user = semantic.newUser();
        ChatClient.Stream opening = user.chat("How often are snapshots copied to S3?", null);
        int calls = llm.requestCount();

        ChatClient.Stream followUp = user.chat(PARAPHRASE, opening.conversationId());

        assertThat(followUp.done().path("mode").asText()).isEqualTo("llm");
        assertThat(llm.requests().subList(calls, llm.requestCount()))
                .as("a condense call and an answer call")
                .hasSize(2)
                .anyMatch(r -> FakeOpenAi.prompt(r).contains("Rewrite the follow-up"))
                .anyMatch(r -> FakeOpenAi.lastUserMessage(r).contains("docchat keys rotate"));
    }

    @Test
    void withTheOptionOffAParaphraseCallsTheLlm() {
        stack.newUser().chat(QUESTION, null);
        int calls = llm.requestCount();

        ChatClient.Stream again = stack.newUser().chat(PARAPHRASE, null);

        assertThat(llm.requestCount()).as("upstream calls").isEqualTo(calls + 1);
        assertThat(again.done().path("mode").asText()).isEqualTo("llm");
    }
}
