package io.docchat.chat.analytics;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.UUID;

/** Query analytics rows, and the satisfaction score that feedback sets on them. */
@Component
public class QueryAnalytics {

    private final JdbcClient jdbc;

    QueryAnalytics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(AnalyticsEntry e) {
        jdbc.sql("""
                        INSERT INTO chat.query_analytics (message_id, conversation_id, query, standalone_query, user_id, response_time_ms,
                                                     tokens_used, retrieval_mode, cache_hit, model, cost_usd, routing_reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.messageId(), e.conversationId(), e.query(), e.standaloneQuery(), e.userId(), e.responseTimeMs(),
                        e.tokensUsed(), e.retrievalMode(), e.cacheHit(), e.model(), e.costUsd(), e.routingReason())
                .update();
    }

    /** Sets the satisfaction of the query answered by {@code messageId}: +1 or -1, with an optional reason. */
    public boolean feedback(UUID messageId, int satisfaction, String reason) {
        return jdbc.sql("UPDATE chat.query_analytics SET satisfaction = ?, feedback_reason = ? WHERE message_id = ?")
                .params(satisfaction, reason, messageId).update() > 0;
    }
}
