package io.docchat.chat.llm;

import java.util.function.Consumer;

/** Stands in when no endpoint is configured: the chat answers extractively and never calls this. */
final class DisabledLlmClient implements LlmClient {

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public LlmResult stream(LlmRequest request, Consumer<String> onToken, Cancellation cancellation) {
        throw new LlmException(LlmException.Kind.PERMANENT, "no LLM endpoint is configured (docchat.llm.base-url)");
    }
}
