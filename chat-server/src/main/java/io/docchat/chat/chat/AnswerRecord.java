package io.docchat.chat.chat;

import io.docchat.chat.llm.ModelSpec;
import io.docchat.chat.llm.Usage;

import java.util.List;

/**
 * An answer to store.
 *
 * @param status {@code complete}, {@code incomplete} or {@code error}
 * @param mode   {@code llm}, {@code extractive}, {@code cache} or {@code unanswerable}
 * @param model  null when no model wrote it
 */
record AnswerRecord(String text, String status, String mode, ModelSpec model, Usage usage, List<SourceRef> cited,
                    int citationsRemoved, String standaloneQuestion, String reason, boolean cacheHit) {
}
