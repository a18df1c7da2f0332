package io.docchat.chat.chat;

import io.docchat.chat.conversation.Conversation;
import io.docchat.chat.conversation.ConversationStore;
import io.docchat.chat.conversation.NewMessage;
import io.docchat.chat.conversation.StoredMessage;
import io.docchat.chat.cost.ModelRouter;
import io.docchat.chat.cost.RoutingDecision;
import io.docchat.chat.llm.Cancellation;
import io.docchat.chat.llm.LlmClient;
import io.docchat.chat.llm.LlmException;
import io.docchat.chat.llm.LlmRequest;
import io.docchat.chat.llm.LlmResult;
import io.docchat.chat.llm.TokenCounter;
import io.docchat.chat.llm.Usage;
import io.docchat.chat.search.SearchQuery;
import io.docchat.chat.search.SearchResult;
import io.docchat.chat.search.SearchService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The chat pipeline, one stage per step: load the conversation, condense a follow-up, retrieve, check
 * answerability, reuse a cached answer, choose the model, build the prompt, stream through the guard
 * (citations, canary), and store message, analytics and cost.
 */
final class ChatPipeline {

    static final String UNANSWERABLE = "I could not find this in the documentation. Try other words, or a more specific question.";

    private final ConversationStore store;
    private final QuestionCondenser condenser;
    /** Resolved per call: the search feature may be absent (then chat answers 503) without stopping the server. */
    private final ObjectProvider<SearchService> search;
    private final Answerability answerability;
    private final AnswerCache cache;
    private final ModelRouter router;
    private final PromptBuilder prompts;
    private final LlmClient llm;
    private final TokenCounter tokens;
    private final ChatRecorder recorder;
    private final ChatMetrics metrics;
    private final ChatProperties props;
    private final int maxOutputTokens;

    ChatPipeline(ConversationStore store, QuestionCondenser condenser, ObjectProvider<SearchService> search, Answerability answerability,
                 AnswerCache cache, ModelRouter router, PromptBuilder prompts, LlmClient llm, TokenCounter tokens,
                 ChatRecorder recorder, ChatMetrics metrics, ChatProperties props, int maxOutputTokens) {
        this.store = store;
        this.condenser = condenser;
        this.search = search;
        this.answerability = answerability;
        this.cache = cache;
        this.router = router;
        this.prompts = prompts;
        this.llm = llm;
        this.tokens = tokens;
        this.recorder = recorder;
        this.metrics = metrics;
        this.props = props;
        this.maxOutputTokens = maxOutputTokens;
    }

    /** Step 1, before anything streams (so a foreign conversation id is a plain 404): load or create, store the question. */
    Turn start(String userId, ChatRequest request) {
        long started = System.nanoTime();
        return metrics.stage("load", () -> {
            Conversation conversation;
            List<StoredMessage> history;
            if (request.conversationId() != null) {
                conversation = store.find(request.conversationId(), userId)
                        .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND));
                history = store.messages(conversation.id()).stream().filter(m -> !m.content().isBlank()).toList();
                store.append(conversation.id(), NewMessage.user(request.question()));
            } else {
                conversation = store.create(userId, request.question(), NewMessage.user(request.question()));
                history = List.of();
            }
            return new Turn(userId, request, conversation, history, started);
        });
    }

    /**
     * A first-turn question is its own standalone question, so its retrieval can start while the
     * conversation is being stored: this overlaps the database round trip with embedding and search.
     * Returns null for follow-ups (their query is known only after condensing).
     */
    CompletableFuture<SearchResult> prefetch(ChatRequest request, Executor executor) {
        SearchService searchService = search.getIfAvailable();
        if (request.conversationId() != null || searchService == null) {
            return null;
        }
        SearchQuery query = query(request.question(), request);
        return CompletableFuture.supplyAsync(() -> metrics.stage("retrieve", () -> searchService.search(query)), executor);
    }

    void run(Turn turn, ChatEvents events, Cancellation cancellation) {
        run(turn, events, cancellation, null);
    }

    void run(Turn turn, ChatEvents events, Cancellation cancellation, CompletableFuture<SearchResult> prefetched) {
        String question = turn.request().question();
        // 2. A follow-up becomes a standalone question (cheap model, skipped on a first turn).
        var condenseModel = !turn.history().isEmpty() && router.withinBudget(turn.userId()) ? router.condenseModel() : null;
        QuestionCondenser.Condensed condensed = condenser.condense(question, turn.history(), condenseModel);
        BigDecimal condenseCost = BigDecimal.ZERO;
        int condenseTokens = 0;
        if (condensed.call() != null) {
            condenseCost = recorder.paid(turn.userId(), condenseModel, "condense", condensed.call().usage());
            condenseTokens = condensed.call().usage().total();
        }
        Spent before = new Spent(condenseCost, condenseTokens, condensed.question());
        // 3. Hybrid retrieval.
        String standalone = condensed.question();
        SearchResult result = prefetched != null && standalone.equals(question) ? join(prefetched) : retrieve(turn, standalone);
        // 4. Nothing relevant: say so without calling a model.
        Evidence evidence = answerability.assess(standalone, result);
        if (!evidence.answerable()) {
            finishFixed(turn, events, List.of(), UNANSWERABLE, "unanswerable", evidence.reason(), before);
            return;
        }
        // 5. A repeated first-turn question in the same index generation is answered from the cache.
        String cacheKey = turn.history().isEmpty() && cache.enabled()
                ? cache.key(result.indexGeneration(), question, turn.request().filters()) : null;
        Optional<AnswerCache.CachedAnswer> cached = cacheKey == null ? Optional.empty()
                : metrics.stage("answer_cache", () -> cache.lookup(cacheKey, result.indexGeneration(), question));
        if (cached.isPresent()) {
            replay(turn, events, cached.get(), before);
            return;
        }
        // 6. Choose the model (difficulty and budgets), or extractive.
        RoutingDecision route = metrics.stage("route",
                () -> router.route(turn.userId(), standalone, turn.priorQuestions(), evidence.confidence()));
        if (route.extractive()) {
            extractive(turn, events, result.hits(), route.reason(), null, before);
            return;
        }
        // 7. Prompt with numbered sources.
        PromptBuilder.Prompt prompt = metrics.stage("prompt", () -> prompts.build(route.model(), maxOutputTokens,
                props.maxPromptTokens(), standalone, turn.history(), props.historyTurns(), result.hits()));
        List<SourceRef> sources = number(prompt.sources());
        events.sources(sources);
        // 8-9. Stream through the guard, which drops made-up citations and stops a leaked prompt.
        StreamGuard guard = new StreamGuard(sources.size(), props.canary(), events::token);
        LlmRequest request = new LlmRequest(route.model(), prompt.messages(), maxOutputTokens, "answer");
        metrics.beforeLlm(turn);
        LlmResult answer;
        try {
            answer = llm.stream(request, guard::accept, cancellation);
            guard.finish();
        } catch (LlmException e) {
            failed(turn, events, e, guard, request, sources, result.hits(), route, before);
            return;
        }
        // 10. Store message, analytics and cost; cache a complete first-turn answer.
        List<SourceRef> cited = cited(sources, guard);
        ChatRecorder.Stored stored = recorder.answer(turn, new AnswerRecord(guard.text(), "complete", "llm", route.model(),
                answer.usage(), cited, guard.removed(), before.standalone(), route.reason(), false), before.cost(), before.tokens());
        metrics.answered("llm", guard.removed());
        events.citations(new ChatEvents.Citations(cited, guard.removed()));
        events.done(done(turn, stored, "llm", route.model().name(), answer.usage(), "complete"));
        if (cacheKey != null && !"length".equals(answer.finishReason())) {
            cache.store(cacheKey, result.indexGeneration(), question, new AnswerCache.CachedAnswer(guard.text(), sources,
                    List.copyOf(guard.cited()), route.model().name()));
        }
    }

    private SearchResult retrieve(Turn turn, String standalone) {
        SearchService searchService = search.getIfAvailable();
        if (searchService == null) {
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
        }
        SearchQuery query = query(standalone, turn.request());
        return metrics.stage("retrieve", () -> searchService.search(query));
    }

    private SearchQuery query(String text, ChatRequest request) {
        return new SearchQuery(text.length() > SearchQuery.MAX_TEXT ? text.substring(0, SearchQuery.MAX_TEXT) : text,
                request.filters(), props.topK(), 0);
    }

    private static SearchResult join(CompletableFuture<SearchResult> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void failed(Turn turn, ChatEvents events, LlmException e, StreamGuard guard, LlmRequest request,
                        List<SourceRef> sources, List<SearchResult.Hit> hits, RoutingDecision route, Spent before) {
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

    private void extractive(Turn turn, ChatEvents events, List<SearchResult.Hit> hits, String reason, String note, Spent before) {
        List<SearchResult.Hit> top = hits.subList(0, Math.min(3, hits.size()));
        String text = ExtractiveAnswer.build(before.standalone(), top, note);
        finishFixed(turn, events, number(top), text, "extractive", reason, before);
    }

    private void finishFixed(Turn turn, ChatEvents events, List<SourceRef> sources, String text, String mode,
                             String reason, Spent before) {
        events.sources(sources);
        events.token(text);
        ChatRecorder.Stored stored = recorder.answer(turn, new AnswerRecord(text, "complete", mode, null, Usage.NONE,
                sources, 0, before.standalone(), reason, false), before.cost(), before.tokens());
        metrics.answered(mode, 0);
        events.citations(new ChatEvents.Citations(sources, 0));
        events.done(done(turn, stored, mode, mode, Usage.NONE, "complete"));
    }

    private void replay(Turn turn, ChatEvents events, AnswerCache.CachedAnswer hit, Spent before) {
        events.sources(hit.sources());
        events.token(hit.text());
        List<SourceRef> cited = hit.sources().stream().filter(s -> hit.cited().contains(s.n())).toList();
        ChatRecorder.Stored stored = recorder.answer(turn, new AnswerRecord(hit.text(), "complete", "cache", null,
                Usage.NONE, cited, 0, before.standalone(), "answer cache (" + hit.model() + ")", true), before.cost(), before.tokens());
        metrics.answered("cache", 0);
        events.citations(new ChatEvents.Citations(cited, 0));
        events.done(done(turn, stored, "cache", hit.model(), Usage.NONE, "complete"));
    }

    private static List<SourceRef> number(List<SearchResult.Hit> hits) {
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

    /** What the turn spent before the answer call (condense), and the question it settled on. */
    private record Spent(BigDecimal cost, int tokens, String standalone) {
    }
}
