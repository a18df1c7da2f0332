package io.docchat.chat.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Query analytics rows, and the satisfaction score that feedback sets on them. PostgreSQL keeps the rows (the
 * budget and the admin reports read them); each row and each feedback also goes to the Kibana data stream
 * through {@link AnalyticsEvents}, in the background.
 */
@Component
public class QueryAnalytics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final AnalyticsEvents events;

    QueryAnalytics(JdbcClient jdbc, AnalyticsEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** @param status how the answer ended (complete, incomplete, error); @param sources titles of the cited passages */
    public void record(AnalyticsEntry e, String status, List<String> sources) {
        jdbc.sql("""
                        INSERT INTO chat.query_analytics (message_id, conversation_id, query, standalone_query, user_id, response_time_ms,
                                                     tokens_used, retrieval_mode, cache_hit, model, cost_usd, routing_reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.messageId(), e.conversationId(), e.query(), e.standaloneQuery(), e.userId(), e.responseTimeMs(),
                        e.tokensUsed(), e.retrievalMode(), e.cacheHit(), e.model(), e.costUsd(), e.routingReason())
                .update();
        events.chat(e, status, sources);
    }

    /** Sets the satisfaction of the query answered by {@code messageId}: +1 or -1, with an optional reason. */
    public boolean feedback(UUID messageId, int satisfaction, String reason) {
        List<Map<String, Object>> rows = jdbc.sql("""
                        UPDATE chat.query_analytics SET satisfaction = ?, feedback_reason = ? WHERE message_id = ?
                        RETURNING query, user_id, model""")
                .params(satisfaction, reason, messageId).query().listOfRows();
        if (rows.isEmpty()) {
            return false;
        }
        Map<String, Object> row = rows.getFirst();
        String citations = jdbc.sql("SELECT citations::text FROM chat.messages WHERE id = ?").param(messageId)
                .query(String.class).optional().orElse(null);
        events.feedback(messageId, (String) row.get("user_id"), (String) row.get("query"), satisfaction > 0 ? "up" : "down",
                reason, titles(citations), (String) row.get("model"));
        return true;
    }

    /** The titles in a message's stored citations (a JSON array of sources). */
    static List<String> titles(String citationsJson) {
        List<String> out = new ArrayList<>();
        if (citationsJson == null || citationsJson.isBlank()) {
            return out;
        }
        try {
            for (JsonNode source : JSON.readTree(citationsJson)) {
                String title = source.path("title").asText("");
                if (!title.isBlank() && !out.contains(title)) {
                    out.add(title);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // a malformed column does not stop the feedback: the event just names no source
        }
        return out;
    }
}
