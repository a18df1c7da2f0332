package io.docchat.chat.chat;

import io.docchat.chat.cost.RoutingDecision;
import io.docchat.chat.llm.LlmException;
import io.docchat.chat.llm.LlmRequest;
import io.docchat.chat.llm.TokenCounter;
import io.docchat.chat.llm.Usage;
import io.docchat.chat.search.SearchResult;

import java.util.ArrayList;
import java.util.List;

/**
 * How a turn ends, and what gets stored and sent for each ending: a guarded LLM answer, a failed or cut
 * one, an extractive or unanswerable answer, or a cached one.
 */
final class AnswerOutcomes {

    private final ChatRecorder recorder;
    private final ChatMetrics metrics;
    private final TokenCounter tokens;

    AnswerOutcomes(ChatRecorder recorder, ChatMetrics metrics, TokenCounter tokens) {
        this.recorder = recorder;
        this.metrics = metrics;
        this.tokens = tokens;
    }

    void answered(Turn turn, ChatEvents events, StreamGuard guard, List<SourceRef> sources, RoutingDecision route,
                  Usage usage, TurnSpend before) {
        List<SourceRef> cited = cited(sources, guard);
        ChatRecorder.Stored stored = recorder.answer(turn, new AnswerRecord(guard.text(), "complete", "llm", route.model(),
                usage, cited, guard.removed(), before.standalone(), route.reason(), false), before.cost(), before.tokens());
        metrics.answered("llm", guard.removed());
        events.citations(new ChatEvents.Citations(cited, guard.removed()));
        events.done(done(turn, stored, "llm", route.model().name(), usage, "complete"));
    }

    void failed(Turn turn, ChatEvents events, LlmException e, StreamGuard guard, LlmRequest request,
                        List<SourceRef> sources, List<SearchResult.Hit> hits, RoutingDecision route, TurnSpend before) {
        if (!guard.leaked()) {
            try {
                guard.finish(); // release the held-back tail of what did arrive
            } catch (StreamGuard.CanaryLeak leak) {
                // handled below: guard.leaked() is now true
            }
        }
        // The provider billed what it generated; it sent no usage, so count it.
        Usage estimate = guard.text().isEmpty() && e.kind() != LlmException.Kind.STREAM_BROKEN && !guard.leaked()
                ? Usage.NONE
                : new Usage(request.messages().stream().mapToInt(m -> tokens.count(m.content())).sum(),
                tokens.count(guard.text()), true);
        if (guard.leaked()) {
            AnswerRecord a = new AnswerRecord("(withheld: the answer revealed the system prompt)", "error", "llm",
                    route.model(), estimate, List.of(), guard.removed(), before.standalone(), route.reason(), false);
            recorder.answer(turn, a, before.cost(), before.tokens());
            metrics.answered("blocked", guard.removed());
            events.error(new ChatEvents.ChatError("blocked", "The answer was withheld by a safety check.", false));
            return;
        }
        if (guard.text().isEmpty() && e.kind() != LlmException.Kind.CANCELLED) {
            // Nothing reached the reader yet: an extractive answer beats an error.
            extractive(turn, events, hits, route.reason() + "; LLM failed: " + e.kind(),
                    "(The language model is unavailable right now.)", before);
            return;
        }
        List<SourceRef> cited = cited(sources, guard);
        ChatRecorder.Stored stored = recorder.answer(turn, new AnswerRecord(guard.text(), "incomplete", "llm", route.model(),
                estimate, cited, guard.removed(), before.standalone(), route.reason() + "; " + e.kind(), false),
                before.cost(), before.tokens());
        metrics.answered("incomplete", guard.removed());
        if (e.kind() != LlmException.Kind.CANCELLED) {
            events.citations(new ChatEvents.Citations(cited, guard.removed()));
            events.error(new ChatEvents.ChatError(e.kind() == LlmException.Kind.DEADLINE ? "deadline" : "stream_interrupted",
                    "The answer was cut off. What arrived is kept; ask again for the rest.", true));
            events.done(done(turn, stored, "llm", route.model().name(), estimate, "incomplete"));
        }
    }

    void extractive(Turn turn, ChatEvents events, List<SearchResult.Hit> hits, String reason, String note, TurnSpend before) {
        ExtractiveAnswer.Built answer = ExtractiveAnswer.build(before.standalone(), hits, note);
        fixed(turn, events, number(answer.cited()), answer.text(), "extractive", reason, before);
    }

    void fixed(Turn turn, ChatEvents events, List<SourceRef> sources, String text, String mode,
                             String reason, TurnSpend before) {
        events.sources(sources);
        events.token(text);
        ChatRecorder.Stored stored = recorder.answer(turn, new AnswerRecord(text, "complete", mode, null, Usage.NONE,
                sources, 0, before.standalone(), reason, false), before.cost(), before.tokens());
        metrics.answered(mode, 0);
        events.citations(new ChatEvents.Citations(sources, 0));
        events.done(done(turn, stored, mode, mode, Usage.NONE, "complete"));
    }

    void replay(Turn turn, ChatEvents events, AnswerCache.CachedAnswer hit, TurnSpend before) {
        events.sources(hit.sources());
        events.token(hit.text());
        List<SourceRef> cited = hit.sources().stream().filter(s -> hit.cited().contains(s.n())).toList();
        ChatRecorder.Stored stored = recorder.answer(turn, new AnswerRecord(hit.text(), "complete", "cache", null,
                Usage.NONE, cited, 0, before.standalone(), "answer cache (" + hit.model() + ")", true), before.cost(), before.tokens());
        metrics.answered("cache", 0);
        events.citations(new ChatEvents.Citations(cited, 0));
        events.done(done(turn, stored, "cache", hit.model(), Usage.NONE, "complete"));
    }

    static List<SourceRef> number(List<SearchResult.Hit> hits) {
        List<SourceRef> out = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            out.add(SourceRef.of(i + 1, hits.get(i)));
        }
        return out;
    }

    private static List<SourceRef> cited(List<SourceRef> sources, StreamGuard guard) {
        return sources.stream().filter(s -> guard.cited().contains(s.n())).toList();
    }

    private static ChatEvents.Done done(Turn turn, ChatRecorder.Stored stored, String mode, String model, Usage usage,
                                        String status) {
        return new ChatEvents.Done(turn.conversation().id().toString(), stored.messageId().toString(), mode, model,
                !"llm".equals(mode) && !"cache".equals(mode),
                new ChatEvents.Usage(usage.inputTokens(), usage.outputTokens(), usage.estimated()),
                stored.totalCost().doubleValue(), status);
    }

}
