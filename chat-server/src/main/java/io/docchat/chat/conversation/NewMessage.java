package io.docchat.chat.conversation;

import java.math.BigDecimal;
import java.util.UUID;

/** A message to append; the assistant fields are null for user messages. */
public record NewMessage(UUID id, String role, String content, String status, String mode, Integer tokensInput,
                         Integer tokensOutput, Integer responseTimeMs, String model, BigDecimal costUsd,
                         String citationsJson, int citationsRemoved) {

    public static NewMessage user(String content) {
        return new NewMessage(UUID.randomUUID(), "user", content, "complete", null, null, null, null, null, null, null, 0);
    }
}
