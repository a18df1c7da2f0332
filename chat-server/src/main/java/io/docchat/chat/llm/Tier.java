package io.docchat.chat.llm;

/** Model tiers from cheapest to most capable; routing moves along this order. */
public enum Tier {
    ECONOMY, STANDARD, PREMIUM;

    public Tier up() {
        return this == PREMIUM ? PREMIUM : values()[ordinal() + 1];
    }

    public Tier down() {
        return this == ECONOMY ? ECONOMY : values()[ordinal() - 1];
    }
}
