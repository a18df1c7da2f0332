package io.docchat.chat.llm;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One row of the model table.
 *
 * @param inputPricePerMillion  USD per million prompt tokens
 * @param outputPricePerMillion USD per million completion tokens
 * @param contextWindow         tokens the model accepts, prompt and answer together
 */
public record ModelSpec(String name, Tier tier, BigDecimal inputPricePerMillion, BigDecimal outputPricePerMillion,
                        int contextWindow) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name is required");
        }
        if (tier == null) {
            throw new IllegalArgumentException("tier is required for model " + name);
        }
        inputPricePerMillion = inputPricePerMillion == null ? BigDecimal.ZERO : inputPricePerMillion;
        outputPricePerMillion = outputPricePerMillion == null ? BigDecimal.ZERO : outputPricePerMillion;
        if (contextWindow < 1024) {
            throw new IllegalArgumentException("context window of " + name + " must be at least 1024 tokens");
        }
    }

    public BigDecimal cost(Usage usage) {
        return inputPricePerMillion.multiply(BigDecimal.valueOf(usage.inputTokens()))
                .add(outputPricePerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())))
                .divide(MILLION, MathContext.DECIMAL64);
    }

    /** The answer price of a typical request: what routing compares when it looks for a cheaper tier. */
    BigDecimal typicalCost() {
        return cost(new Usage(3000, 500, true));
    }
}
