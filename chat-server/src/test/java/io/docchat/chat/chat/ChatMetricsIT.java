package io.docchat.chat.chat;

import io.docchat.chat.testing.ChatClient;
import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import io.docchat.chat.testing.Scrape;
import io.docchat.elastic.testing.ExportedMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's query metrics on the chat path, read from a real scrape of the management port: a chat counts in
 * {@code chat_queries_total{api="chat",status}} and {@code chat_response_time_seconds{api="chat"}}; and
 * {@code chat_active_conversations} follows what PostgreSQL holds.
 */
class ChatMetricsIT {

    private static final String OK = "status=\"ok\"";
    private static final String CHAT = "api=\"chat\"";

    private final ChatStack stack = ChatStack.get();

    @BeforeEach
    void reset() {
        stack.llm().reset();
        stack.clearAnswerCache();
    }

    private Scrape scrape() {
        return Scrape.of(stack.managementUrl());
    }

    @Test
    void aChatCountsAsAnOkChatQueryAndIsTimed() {
        stack.llm().respondWith(r -> FakeOpenAi.answer("Run docchat keys rotate [1]."));
        Scrape before = scrape();
        ChatClient.Stream s = stack.newUser().chat("How do I rotate the signing keys?", null);
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.has("done")).isTrue();

        Scrape after = scrape();
        assertThat(after.value("chat_queries_total", CHAT, OK) - before.value("chat_queries_total", CHAT, OK)).isEqualTo(1);
        assertThat(after.value("chat_response_time_seconds_count", CHAT) - before.value("chat_response_time_seconds_count", CHAT))
                .isEqualTo(1);
        double seconds = after.value("chat_response_time_seconds_sum", CHAT) - before.value("chat_response_time_seconds_sum", CHAT);
        assertThat(seconds).isPositive().isLessThan(60);
        // the same meters as search: the histogram buckets exist for api="chat"
        assertThat(after.text()).contains("chat_response_time_seconds_bucket{api=\"chat\"");
        // search did not count this chat
        assertThat(after.value("chat_queries_total", "api=\"search\""))
                .isEqualTo(before.value("chat_queries_total", "api=\"search\""));
    }

    /** After a search and an LLM answer, every chat-server metric the alerts and dashboards use is exported. */
    @Test
    void everyMetricTheAlertsAndDashboardsUseIsExported() {
        stack.llm().respondWith(r -> FakeOpenAi.answer("Replicas make searches survive the loss of a node [1]."));
        ChatClient user = stack.newUser();
        assertThat(user.get("/api/v1/search?q=replicas").status()).isEqualTo(200);
        assertThat(user.chat("How do replicas help when a node is lost?", null).has("done")).isTrue();
        assertThat(ExportedMetrics.missing(scrape().text(), "chat-server")).isEmpty();
    }

    @Test
    void aRefusedChatCountsAsInvalidAndAJsonAnswerAsOk() {
        Scrape before = scrape();
        ChatClient user = stack.newUser();
        assertThat(user.post("/api/v1/chat", "{\"question\":\"\"}").status()).isEqualTo(400);
        stack.llm().respondWith(r -> FakeOpenAi.answer("Add more nodes [1]."));
        assertThat(user.post("/api/v1/chat?stream=false", "{\"question\":\"How do I scale out?\"}").status()).isEqualTo(200);
        Scrape after = scrape();
        String invalid = "status=\"invalid\"";
        assertThat(after.value("chat_queries_total", CHAT, invalid) - before.value("chat_queries_total", CHAT, invalid)).isEqualTo(1);
        assertThat(after.value("chat_queries_total", CHAT, OK) - before.value("chat_queries_total", CHAT, OK)).isEqualTo(1);
    }

    @Test
    void activeConversationsCountsConversationsAnsweredInTheLast15MinutesFromTheDatabase() {
        double before = activeNow();
        stack.llm().respondWith(r -> FakeOpenAi.answer("Snapshots go to S3 nightly [1]."));
        ChatClient.Stream s = stack.newUser().chat("Where do backups go?", null);
        assertThat(s.has("done")).isTrue();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(activeNow()).isGreaterThanOrEqualTo(before + 1));
        double with = activeNow();

        // the same conversation answered 16 minutes ago is no longer active
        stack.jdbc().sql("UPDATE chat.query_analytics SET created_at = now() - interval '16 minutes' WHERE conversation_id = ?")
                .param(s.conversationId()).update();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(activeNow()).isLessThanOrEqualTo(with - 1));
    }

    private double activeNow() {
        Scrape now = scrape();
        assertThat(now.hasFamily("chat_active_conversations")).isTrue();
        return now.value("chat_active_conversations");
    }
}
