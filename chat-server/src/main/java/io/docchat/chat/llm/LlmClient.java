package io.docchat.chat.llm;

import java.util.function.Consumer;

/**
 * Chat completions from an OpenAI-compatible endpoint, streamed, with deadlines and one retry layer.
 * When no endpoint is configured {@link #enabled()} is false and the chat answers extractively.
 */
public interface LlmClient extends AutoCloseable {

    boolean enabled();

    /**
     * Streams a completion: {@code onToken} gets each piece of text as it arrives. Retries happen only
     * before the first token, so the consumer never sees text twice.
     *
     * @throws LlmException typed failure, with the number of upstream calls made
     */
    LlmResult stream(LlmRequest request, Consumer<String> onToken, Cancellation cancellation);

    @Override
    default void close() {
    }

    default LlmResult complete(LlmRequest request) {
        return stream(request, t -> { }, new Cancellation());
    }
}
