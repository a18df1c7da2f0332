package io.docchat.chat.cost;

import io.docchat.chat.llm.ModelSpec;
import io.docchat.chat.llm.Usage;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One paid LLM call.
 *
 * @param purpose   {@code answer} or {@code condense}
 * @param messageId the assistant message it paid for, when there is one
 */
public record LedgerEntry(String userId, ModelSpec model, String purpose, Usage usage, UUID messageId) {

    public BigDecimal cost() {
        return model.cost(usage);
    }
}
