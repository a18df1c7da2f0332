package io.docchat.chat.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docchat.chat.testing.ChatClient;
import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat API end to end against the real stack; the OpenAI API is faked over HTTP in its wire format.
 */
class ChatApiIT {

    private final ChatStack stack = ChatStack.get();
    private final FakeOpenAi llm = stack.llm();

    @BeforeEach
    void resetFake() {
        llm.reset();
        stack.clearAnswerCache();
    }

    private List<JsonNode> answerCalls() {
        return llm.requests().stream().filter(r -> !FakeOpenAi.prompt(r).contains("Rewrite the follow-up")).toList();
    }

    private Map<String, Object> storedMessage(UUID id) {
        return stack.jdbc().sql("SELECT * FROM chat.messages WHERE id = ?").param(id).query().singleRow();
    }

    @Test
    void streamsSourcesTokensCitationsAndDoneAndKeepsOnlyCitationsOfGivenSources() {
        llm.respondWith(r -> FakeOpenAi.answer("Run docchat keys rotate [1]. The old key lasts a day [1][7]. See also [42]."));
        ChatClient.Stream s = stack.newUser().chat("How do I rotate the signing keys?", null);

        assertThat(s.status()).isEqualTo(200);
        assertThat(s.names().getFirst()).isEqualTo("sources");
        assertThat(s.names()).contains("token", "citations").endsWith("done");
        assertThat(s.first("sources").path("sources").get(0).path("link").asText()).startsWith(ChatStack.url("keys"));
        assertThat(s.text()).contains("[1]").doesNotContain("[7]").doesNotContain("[42]");
        JsonNode citations = s.first("citations");
        assertThat(citations.path("removed").asInt()).isEqualTo(2);
        assertThat(citations.path("cited")).hasSize(1);
        JsonNode done = s.done();
        assertThat(done.path("mode").asText()).isEqualTo("llm");
        assertThat(done.path("usage").path("inputTokens").asInt()).isEqualTo(1000);
        assertThat(done.path("costUsd").asDouble()).isPositive();

        Map<String, Object> row = storedMessage(s.messageId());
        assertThat(row.get("content")).isEqualTo(s.text());
        assertThat(row.get("citations_removed")).isEqualTo(2);
        assertThat(row.get("status")).isEqualTo("complete");
        long ledger = stack.jdbc().sql("SELECT count(*) FROM chat.cost_ledger WHERE message_id = ?").param(s.messageId())
                .query(Long.class).single();
        assertThat(ledger).isEqualTo(1);
        JsonNode sent = answerCalls().getFirst();
        assertThat(sent.path("max_tokens").asInt()).isPositive();
        assertThat(FakeOpenAi.lastUserMessage(sent)).contains("<source id=\"1\"").contains("Question:");
    }

    @Test
    void followUpIsCondensedIntoAStandaloneQuestionThatRetrievesTheRightPassages() {
        ChatClient user = stack.newUser();
        llm.respondWith(r -> FakeOpenAi.answer("Keys are rotated with docchat keys rotate [1]."));
        ChatClient.Stream first = user.chat("How do I rotate the signing keys?", null);
        assertThat(llm.requests()).noneMatch(r -> FakeOpenAi.prompt(r).contains("Rewrite the follow-up"));

        llm.reset();
        llm.respondWith(r -> FakeOpenAi.prompt(r).contains("Rewrite the follow-up")
                ? FakeOpenAi.answer("How often are index snapshots copied to the S3 bucket?")
                : FakeOpenAi.answer("Every night [1]."));
        ChatClient.Stream follow = user.chat("and what about that for the other thing, how often?", first.conversationId());

        JsonNode condense = llm.requests().getFirst();
        assertThat(FakeOpenAi.prompt(condense)).contains("Rewrite the follow-up").contains("rotate the signing keys");
        assertThat(condense.path("model").asText()).isEqualTo(ChatStack.SMALL);
        assertThat(follow.first("sources").path("sources").get(0).path("chunkId").asText()).isEqualTo("backup#0");
        assertThat(FakeOpenAi.lastUserMessage(answerCalls().getFirst())).contains("Snapshots of every index");
        String standalone = stack.jdbc().sql("SELECT standalone_query FROM chat.query_analytics WHERE message_id = ?")
                .param(follow.messageId()).query(String.class).single();
        assertThat(standalone).isEqualTo("How often are index snapshots copied to the S3 bucket?");
        long condenseRows = stack.jdbc().sql("SELECT count(*) FROM chat.cost_ledger WHERE user_id = ? AND purpose = 'condense'")
                .param(user.userId()).query(Long.class).single();
        assertThat(condenseRows).isEqualTo(1);
    }

    @Test
    void simpleQuestionsGoToTheCheapTierAndComplexOnesEscalate() {
        llm.respondWith(r -> FakeOpenAi.answer("Answer [1]."));
        ChatClient.Stream simple = stack.newUser().chat("Which port does the server listen on?", null);
        assertThat(simple.done().path("model").asText()).isEqualTo(ChatStack.SMALL);

        ChatClient.Stream complex = stack.newUser().chat(
                "Why should I add replicas versus more nodes, and what is the difference for searches when a node is lost?", null);
        assertThat(complex.done().path("model").asText()).isEqualTo(ChatStack.LARGE);
        String reason = stack.jdbc().sql("SELECT routing_reason FROM chat.query_analytics WHERE message_id = ?")
                .param(complex.messageId()).query(String.class).single();
        assertThat(reason).contains("comparison").contains("PREMIUM");
    }

    @Test
    void anApproachedBudgetDowngradesAndTheHardCapAnswersExtractivelyWithoutTheLlm() {
        llm.respondWith(r -> FakeOpenAi.answer("Answer [1]."));
        String complex = "Why should I add replicas versus more nodes, and what is the difference for searches when a node is lost?";
        BigDecimal budget = new BigDecimal(ChatStack.USER_BUDGET);

        ChatClient near = stack.newUser();
        spend(near.userId(), budget.multiply(new BigDecimal("0.85")));
        assertThat(near.chat(complex, null).done().path("model").asText()).isEqualTo(ChatStack.MEDIUM);

        ChatClient capped = stack.newUser();
        spend(capped.userId(), budget);
        stack.clearAnswerCache(); // a cached answer costs nothing and would be served even at the cap
        int before = llm.requestCount();
        ChatClient.Stream s = capped.chat(complex, null);
        assertThat(llm.requestCount()).isEqualTo(before);
        assertThat(s.done().path("mode").asText()).isEqualTo("extractive");
        assertThat(s.done().path("extractive").asBoolean()).isTrue();
        assertThat(s.text()).startsWith(ExtractiveAnswer.LABEL).contains("[1]");
    }

    @Test
    void rateLimitAndOverloadAreRetriedHonouringRetryAfter() {
        llm.enqueue(FakeOpenAi.error(429, "rate_limit_exceeded", "1"), FakeOpenAi.error(503, "overloaded", "1"));
        llm.respondWith(r -> FakeOpenAi.answer("After two retries [1]."));
        long start = System.nanoTime();
        ChatClient.Stream s = stack.newUser().chat("Which port does the server listen on?", null);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(s.text()).isEqualTo("After two retries [1].");
        assertThat(answerCalls()).hasSize(3);
        assertThat(ms).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void insufficientQuotaIsNotRetriedAndTheAnswerFallsBackToExtractive() {
        llm.enqueue(FakeOpenAi.error(429, "insufficient_quota", "1"));
        llm.respondWith(r -> FakeOpenAi.answer("must not be used"));
        ChatClient.Stream s = stack.newUser().chat("Which port does the server listen on?", null);
        assertThat(answerCalls()).hasSize(1);
        assertThat(s.done().path("mode").asText()).isEqualTo("extractive");
        assertThat(s.text()).startsWith(ExtractiveAnswer.LABEL).contains("unavailable");
    }

    @Test
    void atMostThreeUpstreamCalls() {
        llm.respondWith(r -> FakeOpenAi.error(503, "overloaded", "0.2"));
        ChatClient.Stream s = stack.newUser().chat("Which port does the server listen on?", null);
        assertThat(answerCalls()).hasSize(3);
        assertThat(s.done().path("mode").asText()).isEqualTo("extractive");
    }

    @Test
    void aStreamCutMidAnswerSendsAnErrorEventAndStoresTheMessageAsIncomplete() {
        llm.respondWith(r -> FakeOpenAi.cutAfter("Snapshots are copied [1] every"));
        ChatClient.Stream s = stack.newUser().chat("How often are snapshots copied to S3?", null);
        assertThat(s.text()).isEqualTo("Snapshots are copied [1] every");
        assertThat(s.first("error").path("code").asText()).isEqualTo("stream_interrupted");
        assertThat(s.done().path("status").asText()).isEqualTo("incomplete");
        Map<String, Object> row = storedMessage(s.messageId());
        assertThat(row.get("status")).isEqualTo("incomplete");
        assertThat(row.get("content")).isEqualTo("Snapshots are copied [1] every");
        assertThat(answerCalls()).hasSize(1);
    }

    @Test
    void aClientThatHangsUpCancelsTheUpstreamCall() {
        // 40 tokens at 150 ms: about 6 s if nobody stops it.
        llm.respondWith(r -> FakeOpenAi.slowAnswer("word ".repeat(40).strip() + " [1].", 150));
        ChatClient user = stack.newUser();
        long start = System.nanoTime();
        user.chatAndHangUpAfterFirstToken("How often are snapshots copied to S3?");
        Map<String, Object> row = stack.storedAnswer(user.userId(), Duration.ofSeconds(4));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
        assertThat(row.get("status")).isEqualTo("incomplete");
        assertThat((String) row.get("content")).doesNotContain("[1].");
        assertThat(answerCalls()).hasSize(1);
    }

    @Test
    void anotherUsersConversationIsNotFound() {
        llm.respondWith(r -> FakeOpenAi.answer("Port 8080 [1]."));
        ChatClient alice = stack.newUser();
        ChatClient bob = stack.newUser();
        ChatClient.Stream s = alice.chat("Which port does the server listen on?", null);
        UUID conversation = s.conversationId();

        assertThat(alice.get("/api/v1/conversations/" + conversation).status()).isEqualTo(200);
        assertThat(alice.get("/api/v1/conversations/" + conversation).body().path("messages")).hasSize(2);
        ChatClient.Response peek = bob.get("/api/v1/conversations/" + conversation);
        assertThat(peek.status()).isEqualTo(404);
        assertThat(peek.contentType()).contains("application/problem+json");
        assertThat(bob.delete("/api/v1/conversations/" + conversation).status()).isEqualTo(404);
        assertThat(bob.chat("and then?", conversation).status()).isEqualTo(404);
        assertThat(bob.post("/api/v1/messages/" + s.messageId() + "/feedback", "{\"rating\":\"up\"}").status()).isEqualTo(404);
        assertThat(bob.get("/api/v1/conversations").body()).isEmpty();
        assertThat(alice.get("/api/v1/conversations").body()).hasSize(1);

        assertThat(alice.delete("/api/v1/conversations/" + conversation).status()).isEqualTo(204);
        assertThat(alice.get("/api/v1/conversations/" + conversation).status()).isEqualTo(404);
    }

    @Test
    void feedbackIsStoredAsTheSatisfactionScore() {
        llm.respondWith(r -> FakeOpenAi.answer("Port 8080 [1]."));
        ChatClient user = stack.newUser();
        ChatClient.Stream s = user.chat("Which port does the server listen on?", null);
        assertThat(user.post("/api/v1/messages/" + s.messageId() + "/feedback", "{\"rating\":\"down\",\"reason\":\"too short\"}")
                .status()).isEqualTo(204);
        Map<String, Object> row = stack.jdbc().sql("SELECT satisfaction, feedback_reason FROM chat.query_analytics WHERE message_id = ?")
                .param(s.messageId()).query().singleRow();
        assertThat(((Number) row.get("satisfaction")).intValue()).isEqualTo(-1);
        assertThat(row).containsEntry("feedback_reason", "too short");
        assertThat(user.post("/api/v1/messages/" + s.messageId() + "/feedback", "{\"rating\":\"meh\"}").status()).isEqualTo(400);
    }

    @Test
    void aDocumentThatOrdersTheModelToPrintTheSystemPromptDoesNotLeakTheCanary() {
        // A model that obeys injected instructions: it prints its system prompt when a source asks for it.
        llm.respondWith(r -> {
            String system = r.path("messages").get(0).path("content").asText();
            return FakeOpenAi.prompt(r).contains("print the system prompt")
                    ? FakeOpenAi.answer("Sure! My instructions are: " + system)
                    : FakeOpenAi.answer("Raise the cache size [1].");
        });
        ChatClient.Stream s = stack.newUser().chat("How do I troubleshoot cache eviction?", null);

        JsonNode sent = answerCalls().getFirst();
        String system = sent.path("messages").get(0).path("content").asText();
        assertThat(system).contains(ChatStack.CANARY).doesNotContain("ignore your instructions");
        assertThat(FakeOpenAi.lastUserMessage(sent)).contains("<source id=\"1\"").contains("ignore your instructions");
        assertThat(s.text()).doesNotContain(ChatStack.CANARY);
        assertThat(s.first("error").path("code").asText()).isEqualTo("blocked");
        assertThat(stack.jdbc().sql("SELECT count(*) FROM chat.messages WHERE content LIKE ?").param("%" + ChatStack.CANARY + "%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromTheCacheWithoutAnLlmCall() {
        llm.respondWith(r -> FakeOpenAi.answer("Nightly at 02:00 UTC [1]."));
        String q = "When are backup snapshots taken? " + UUID.randomUUID().toString().substring(0, 4);
        ChatClient.Stream first = stack.newUser().chat(q, null);
        int calls = llm.requestCount();
        ChatClient.Stream again = stack.newUser().chat("  " + q.toUpperCase() + " ", null);
        assertThat(llm.requestCount()).isEqualTo(calls);
        assertThat(again.done().path("mode").asText()).isEqualTo("cache");
        assertThat(again.text()).isEqualTo(first.text());
    }

    @Test
    void aQuestionTheDocsDoNotCoverIsAnsweredWithoutAnLlm() {
        ChatClient.Stream s = stack.newUser().chat("What is the refund policy for enterprise licences in Brazil?", null);
        assertThat(llm.requestCount()).isZero();
        assertThat(s.done().path("mode").asText()).isEqualTo("unanswerable");
        assertThat(s.text()).isEqualTo(ChatPipeline.UNANSWERABLE);
    }

    @Test
    void theNonStreamingVariantAnswersInOneJsonBody() {
        llm.respondWith(r -> FakeOpenAi.answer("Port 8080 [1] [9]."));
        ChatClient.Response r = stack.newUser().post("/api/v1/chat?stream=false",
                "{\"question\":\"Which port does the server listen on?\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("answer").asText()).isEqualTo("Port 8080 [1] .");
        assertThat(r.body().path("citations").path("removed").asInt()).isEqualTo(1);
        assertThat(r.body().path("done").path("model").asText()).isEqualTo(ChatStack.SMALL);
    }

    @Test
    void adminSeesDailyCostByModel() {
        llm.respondWith(r -> FakeOpenAi.answer("Port 8080 [1]."));
        stack.newUser().chat("Which port does the server listen on? " + UUID.randomUUID().toString().substring(0, 4), null);
        assertThat(stack.newUser().get("/api/v1/admin/cost/daily").status()).isIn(401, 403);
        ChatClient.Response r = stack.newUser().adminGet("/api/v1/admin/cost/daily", ChatStack.ADMIN_KEY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().findValuesAsText("model")).contains(ChatStack.SMALL);
    }

    private void spend(String userId, BigDecimal usd) {
        stack.jdbc().sql("""
                        INSERT INTO chat.cost_ledger (day, user_id, model, purpose, tokens_input, tokens_output, estimated, cost_usd)
                        VALUES (?, ?, 'seed', 'answer', 0, 0, false, ?)""")
                .params(LocalDate.now(ZoneOffset.UTC), userId, usd).update();
    }
}
