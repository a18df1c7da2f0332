package io.docchat.chat.llm;

import io.docchat.elastic.embed.Embedder;

import java.util.function.ToIntFunction;

/**
 * Counts tokens for context budgets and for usage the provider did not report. The embedding model's
 * WordPiece tokenizer is within about 15% of OpenAI's BPE on English prose, which is close enough to
 * budget and to bill estimates (the ledger marks such rows as estimated).
 */
public final class TokenCounter {

    private final ToIntFunction<String> tokenizer;

    public TokenCounter(Embedder embedder) {
        this(embedder::countTokens);
    }

    /** With any tokenizer; tests use a word count. */
    public TokenCounter(ToIntFunction<String> tokenizer) {
        this.tokenizer = tokenizer;
    }

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            return tokenizer.applyAsInt(text);
        } catch (RuntimeException e) {
            return (text.length() + 3) / 4;
        }
    }
}
