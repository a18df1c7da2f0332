package io.docchat.chat.llm;

/**
 * A finished completion.
 *
 * @param finishReason the provider's reason ({@code stop}, {@code length}, ...), or {@code unknown}
 * @param attempts     upstream calls made, retries included
 */
public record LlmResult(String text, Usage usage, String finishReason, int attempts) {
}
