package io.docchat.chat.chat;

import java.util.List;

/** Where the pipeline reports progress: the SSE stream, or a collector for the non-streaming API. */
interface ChatEvents {

    void sources(List<SourceRef> sources);

    void token(String text);

    void citations(Citations citations);

    void done(Done done);

    void error(ChatError error);

    /** The sources the answer cites, and how many made-up citations were removed. */
    record Citations(List<SourceRef> cited, int removed) {
    }

    /** The end of an answer; {@code status} is {@code complete} or {@code incomplete}. */
    record Done(String conversationId, String messageId, String mode, String model, boolean extractive,
                Usage usage, double costUsd, String status) {
    }

    record Usage(int inputTokens, int outputTokens, boolean estimated) {
    }

    /** A failure the page can show: {@code code} is stable, {@code message} is for people. */
    record ChatError(String code, String message, boolean retryable) {
    }
}
