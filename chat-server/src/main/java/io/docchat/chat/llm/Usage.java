package io.docchat.chat.llm;

/**
 * Tokens one call used.
 *
 * @param estimated true when the provider sent no usage and the tokens were counted locally
 */
public record Usage(int inputTokens, int outputTokens, boolean estimated) {

    public static final Usage NONE = new Usage(0, 0, false);

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                estimated || other.estimated);
    }

    public int total() {
        return inputTokens + outputTokens;
    }
}
