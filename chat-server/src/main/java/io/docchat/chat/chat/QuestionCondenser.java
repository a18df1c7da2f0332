package io.docchat.chat.chat;

import io.docchat.chat.conversation.StoredMessage;
import io.docchat.chat.llm.ChatMessage;
import io.docchat.chat.llm.LlmClient;
import io.docchat.chat.llm.LlmException;
import io.docchat.chat.llm.LlmRequest;
import io.docchat.chat.llm.LlmResult;
import io.docchat.chat.llm.ModelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Turns a follow-up ("and how do I disable it?") into a standalone question for retrieval, with the
 * cheap model. Skipped on a first turn. Without a model (or when the call fails) the previous question
 * is prepended, which is crude but keeps retrieval on topic.
 */
final class QuestionCondenser {

    private static final Logger log = LoggerFactory.getLogger(QuestionCondenser.class);
    private static final int HISTORY = 4;
    private static final int MAX_QUESTION = 1000;

    private final LlmClient llm;
    private final int maxTokens;

    QuestionCondenser(LlmClient llm, int maxTokens) {
        this.llm = llm;
        this.maxTokens = maxTokens;
    }

    /** @param model null when no LLM may be used (none configured, or the budget is spent) */
    Condensed condense(String question, List<StoredMessage> history, ModelSpec model) {
        if (history.isEmpty()) {
            return new Condensed(question, null);
        }
        if (model != null) {
            try {
                LlmResult r = llm.complete(new LlmRequest(model, prompt(question, history), maxTokens, "condense"));
                String standalone = r.text().strip().replaceAll("\\s+", " ");
                if (!standalone.isEmpty() && standalone.length() <= MAX_QUESTION) {
                    return new Condensed(standalone, r);
                }
            } catch (LlmException e) {
                log.warn("condensing the follow-up failed ({}): using the previous question as context", e.kind());
            }
        }
        String previous = history.stream().filter(m -> "user".equals(m.role())).reduce((a, b) -> b)
                .map(StoredMessage::content).orElse("");
        String combined = (previous + " " + question).strip();
        return new Condensed(combined.length() > MAX_QUESTION ? combined.substring(combined.length() - MAX_QUESTION) : combined, null);
    }

    private static List<ChatMessage> prompt(String question, List<StoredMessage> history) {
        StringBuilder sb = new StringBuilder("Conversation:\n");
        history.subList(Math.max(0, history.size() - HISTORY), history.size()).forEach(m ->
                sb.append(m.role()).append(": ").append(m.content().length() > 600 ? m.content().substring(0, 600) + "…" : m.content())
                        .append('\n'));
        sb.append("\nFollow-up question: ").append(question);
        return List.of(ChatMessage.system("""
                        Rewrite the follow-up question as one standalone question that can be understood without the \
                        conversation, keeping its meaning and any product names. Output only the question."""),
                ChatMessage.user(sb.toString()));
    }

    /** The standalone question, and the condense call's result when a model made it (for the ledger). */
    record Condensed(String question, LlmResult call) {
    }
}
