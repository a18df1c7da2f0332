package io.docchat.chat.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.analytics.AnalyticsEntry;
import io.docchat.chat.analytics.QueryAnalytics;
import io.docchat.chat.conversation.ConversationStore;
import io.docchat.chat.conversation.NewMessage;
import io.docchat.chat.cost.CostLedger;
import io.docchat.chat.cost.LedgerEntry;
import io.docchat.chat.llm.ModelSpec;
import io.docchat.chat.llm.Usage;

import java.math.BigDecimal;
import java.util.UUID;

/** Stores the assistant message, its analytics row and what it cost. */
final class ChatRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConversationStore store;
    private final QueryAnalytics analytics;
    private final CostLedger ledger;

    ChatRecorder(ConversationStore store, QueryAnalytics analytics, CostLedger ledger) {
        this.store = store;
        this.analytics = analytics;
        this.ledger = ledger;
    }

    /** @param extraCost what earlier calls of this turn cost (the condense step) */
    Stored answer(Turn turn, AnswerRecord a, BigDecimal extraCost, int extraTokens) {
        UUID id = UUID.randomUUID();
        BigDecimal cost = a.model() == null ? BigDecimal.ZERO : a.model().cost(a.usage());
        int ms = turn.elapsedMs();
        store.append(turn.conversation().id(), new NewMessage(id, "assistant", a.text(), a.status(), a.mode(),
                a.usage().inputTokens(), a.usage().outputTokens(), ms, a.model() == null ? null : a.model().name(),
                cost, citationsJson(a), a.citationsRemoved()));
        if (a.model() != null && a.usage().total() > 0) {
            ledger.record(new LedgerEntry(turn.userId(), a.model(), "answer", a.usage(), id));
        }
        BigDecimal total = cost.add(extraCost);
        analytics.record(new AnalyticsEntry(id, turn.conversation().id(), turn.request().question(),
                a.standaloneQuestion(), turn.userId(), ms, a.usage().total() + extraTokens, a.mode(), a.cacheHit(),
                a.model() == null ? null : a.model().name(), total, a.reason()), a.status(),
                a.cited().stream().map(SourceRef::title).filter(java.util.Objects::nonNull).distinct().toList());
        return new Stored(id, total);
    }

    BigDecimal paid(String userId, ModelSpec model, String purpose, Usage usage) {
        if (usage.total() == 0) {
            return BigDecimal.ZERO;
        }
        LedgerEntry e = new LedgerEntry(userId, model, purpose, usage, null);
        ledger.record(e);
        return e.cost();
    }

    private static String citationsJson(AnswerRecord a) {
        try {
            return JSON.writeValueAsString(a.cited());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    record Stored(UUID messageId, BigDecimal totalCost) {
    }
}
