package io.docchat.chat.llm;

import java.util.List;

/**
 * One completion to make.
 *
 * @param maxTokens completion tokens the model may produce; always sent, so no call is unbounded
 * @param purpose   what the call is for in the ledger: {@code answer} or {@code condense}
 */
public record LlmRequest(ModelSpec model, List<ChatMessage> messages, int maxTokens, String purpose) {

    public LlmRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a prompt needs at least one message");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
    }
}
