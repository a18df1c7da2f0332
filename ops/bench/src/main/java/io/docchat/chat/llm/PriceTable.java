package io.docchat.chat.llm;

import java.util.List;

/**
 * The chat server's model table as it ships ({@code LlmConfiguration.DEFAULT_MODELS}: names, tiers and
 * published prices), for the LLM cost replay, which runs the server with no {@code docchat.llm.models} set and
 * so prices with the same table. In this package because that constant is package-private.
 */
public final class PriceTable {

    private PriceTable() {
    }

    public static ModelCatalog shipped() {
        return new ModelCatalog(LlmConfiguration.DEFAULT_MODELS);
    }
}
