package io.docchat.chat.conversation;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One stored message.
 *
 * @param status    {@code complete}, {@code incomplete} (stream cut or stopped) or {@code error}
 * @param mode      how an answer was made: {@code llm}, {@code extractive}, {@code cache}, {@code unanswerable}
 * @param citations JSON array of the sources cited ({@code n}, chunk id, title, link)
 */
public record StoredMessage(UUID id, String role, String content, String status, String mode, Integer tokensInput,
                            Integer tokensOutput, Integer responseTimeMs, String model, BigDecimal costUsd,
                            String citations, int citationsRemoved, OffsetDateTime createdAt) {
}
