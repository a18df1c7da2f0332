package io.docchat.chat.analytics;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One answered query.
 *
 * @param retrievalMode how the answer was made ({@code llm}, {@code extractive}, {@code cache}, {@code unanswerable})
 */
public record AnalyticsEntry(UUID messageId, UUID conversationId, String query, String standaloneQuery, String userId,
                             int responseTimeMs, int tokensUsed, String retrievalMode, boolean cacheHit, String model,
                             BigDecimal costUsd, String routingReason) {
}
