package io.docchat.chat.chat;

import io.docchat.chat.access.Viewer;
import io.docchat.chat.conversation.Conversation;
import io.docchat.chat.conversation.ReadableHistory;
import io.docchat.chat.conversation.ConversationStore;
import io.docchat.chat.conversation.NewMessage;
import io.docchat.chat.conversation.StoredMessage;
import io.docchat.chat.cost.CostLedger;
import io.docchat.chat.cost.ModelRouter;
import io.docchat.chat.cost.RoutingDecision;
import io.docchat.chat.llm.Cancellation;
import io.docchat.chat.llm.LlmClient;
import io.docchat.chat.llm.LlmException;
import io.docchat.chat.llm.LlmRequest;
import io.docchat.chat.llm.LlmResult;
import io.docchat.chat.llm.TokenCounter;
import io.docchat.chat.search.SearchQuery;
import io.docchat.chat.search.SearchResult;
import io.docchat.chat.search.SearchService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The chat pipeline, one stage per step: load the conversation, condense a follow-up, retrieve, check
 * answerability, reuse a cached answer, choose the model, build the prompt, stream through the guard
 * (citations, canary), and store message, analytics and cost. Every stage that reads chunks or cached answers
 * works under the caller's {@link Viewer}: retrieval is filtered by it, cached answers are kept per permission
 * set, and the history only holds what the caller may still read.
 */
final class ChatPipeline {

    static final String UNANSWERABLE = "Nothing relevant found in the documentation. Try other words, or a more specific question.";

    private final ConversationStore store;
    private final ReadableHistory readable;
    private final QuestionCondenser condenser;
    /** Resolved per call: the search feature may be absent (then chat answers 503) without stopping the server. */
    private final ObjectProvider<SearchService> search;
    private final Answerability answerability;
    private final AnswerCache cache;
    private final ModelRouter router;
    private final PromptBuilder prompts;
    private final LlmClient llm;
    private final AnswerOutcomes outcomes;
    private final ChatMetrics metrics;
    private final ChatRecorder recorder;
    private final ChatProperties props;
    private final int maxOutputTokens;

    ChatPipeline(ConversationStore store, ReadableHistory readable, QuestionCondenser condenser, ObjectProvider<SearchService> search, Answerability answerability,
                 AnswerCache cache, ModelRouter router, PromptBuilder prompts, LlmClient llm, TokenCounter tokens,
                 ChatRecorder recorder, ChatMetrics metrics, ChatProperties props, int maxOutputTokens) {
        this.store = store;
        this.readable = readable;
        this.condenser = condenser;
        this.search = search;
        this.answerability = answerability;
        this.cache = cache;
        this.router = router;
        this.prompts = prompts;
        this.llm = llm;
        this.recorder = recorder;
        this.outcomes = new AnswerOutcomes(recorder, metrics, tokens);
        this.metrics = metrics;
        this.props = props;
        this.maxOutputTokens = maxOutputTokens;
    }

    /** Step 1, before anything streams (so a foreign conversation id is a plain 404): load or create, store the question. */
    Turn start(String userId, Viewer viewer, ChatRequest request) {
        long started = System.nanoTime();
        return metrics.stage("load", () -> {
            Conversation conversation;
            List<StoredMessage> history;
            if (request.conversationId() != null) {
                conversation = store.find(request.conversationId(), userId)
                        .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND));
                // earlier answers as the caller may read them now: a withheld one is not condensed or prompted with
                history = readable.filter(store.messages(conversation.id()), viewer).stream()
                        .filter(m -> !m.content().isBlank() && !ReadableHistory.WITHHELD.equals(m.content())).toList();
                store.append(conversation.id(), NewMessage.user(request.question()));
            } else {
                conversation = store.create(userId, request.question(), NewMessage.user(request.question()));
                history = List.of();
            }
            return new Turn(userId, viewer, request, conversation, history, started);
        });
    }

    /**
     * Starts what needs only the request (see {@link Lookahead}); called before {@link #start}, so it
     * overlaps storing the question.
     */
    Lookahead lookahead(String userId, Viewer viewer, ChatRequest request, Executor executor) {
        var spend = CompletableFuture.supplyAsync(() -> router.spend(userId), executor);
        SearchService searchService = search.getIfAvailable();
        if (request.conversationId() != null || searchService == null) {
            return new Lookahead(spend, null, null, null, null);
        }
        String question = request.question();
        SearchQuery query = query(question, request);
        var retrieval = CompletableFuture.supplyAsync(() -> metrics.stage("retrieve", () -> searchService.search(query, viewer)), executor);
        String generation = cache.enabled() ? cache.lastGeneration() : null;
        if (generation == null) {
            return new Lookahead(spend, question, retrieval, null, null);
        }
        String key = cache.key(generation, viewer, question, request.filters());
        var cached = CompletableFuture.supplyAsync(
                () -> metrics.stage("answer_cache", () -> cache.lookup(key, generation, viewer, question)), executor);
        return new Lookahead(spend, question, retrieval, generation, cached);
    }

    void run(Turn turn, ChatEvents events, Cancellation cancellation, Lookahead ahead) {
        String question = turn.request().question();
        CostLedger.Spend spend = ahead.spend();
        // 2. A follow-up becomes a standalone question (cheap model, skipped on a first turn).
        var condenseModel = !turn.history().isEmpty() && router.withinBudget(spend) ? router.condenseModel() : null;
        QuestionCondenser.Condensed condensed = condenser.condense(question, turn.history(), condenseModel);
        BigDecimal condenseCost = BigDecimal.ZERO;
        int condenseTokens = 0;
        if (condensed.call() != null) {
            condenseCost = recorder.paid(turn.userId(), condenseModel, "condense", condensed.call().usage());
            condenseTokens = condensed.call().usage().total();
        }
        TurnSpend before = new TurnSpend(condenseCost, condenseTokens, condensed.question());
        // 3. Hybrid retrieval.
        String standalone = condensed.question();
        SearchResult result = ahead.retrieval(standalone).orElseGet(() -> retrieve(turn, standalone));
        // 4. Nothing relevant: say so without calling a model.
        Evidence evidence = answerability.assess(standalone, result);
        if (!evidence.answerable()) {
            outcomes.fixed(turn, events, List.of(), UNANSWERABLE, "unanswerable", evidence.reason(), before);
            return;
        }
        // 5. A repeated first-turn question in the same index generation is answered from the cache.
        String cacheKey = turn.history().isEmpty() && cache.enabled()
                ? cache.key(result.indexGeneration(), turn.viewer(), question, turn.request().filters()) : null;
        Optional<AnswerCache.CachedAnswer> cached = cacheKey == null ? Optional.empty()
                : ahead.cached(result.indexGeneration()).orElseGet(() -> metrics.stage("answer_cache",
                        () -> cache.lookup(cacheKey, result.indexGeneration(), turn.viewer(), question)));
        if (cached.isPresent()) {
            outcomes.replay(turn, events, cached.get(), before);
            return;
        }
        // 6. Choose the model (difficulty and budgets), or extractive.
        RoutingDecision route = metrics.stage("route",
                () -> router.route(turn.userId(), spend.plus(before.cost()), standalone, turn.priorQuestions(),
                        evidence.confidence()));
        if (route.extractive()) {
            outcomes.extractive(turn, events, result.hits(), route.reason(), null, before);
            return;
        }
        // 7. Prompt with numbered sources.
        PromptBuilder.Prompt prompt = metrics.stage("prompt", () -> prompts.build(route.model(), maxOutputTokens,
                props.maxPromptTokens(), standalone, turn.history(), props.historyTurns(), result.hits()));
        List<SourceRef> sources = AnswerOutcomes.number(prompt.sources());
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
            outcomes.failed(turn, events, e, guard, request, sources, result.hits(), route, before);
            return;
        }
        // 10. Store message, analytics and cost; cache a complete first-turn answer.
        outcomes.answered(turn, events, guard, sources, route, answer.usage(), before);
        if (cacheKey != null && !"length".equals(answer.finishReason())) {
            cache.store(cacheKey, result.indexGeneration(), turn.viewer(), question, new AnswerCache.CachedAnswer(guard.text(), sources,
                    List.copyOf(guard.cited()), route.model().name()));
        }
    }

    private SearchResult retrieve(Turn turn, String standalone) {
        SearchService searchService = search.getIfAvailable();
        if (searchService == null) {
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
        }
        SearchQuery query = query(standalone, turn.request());
        return metrics.stage("retrieve", () -> searchService.search(query, turn.viewer()));
    }

    private SearchQuery query(String text, ChatRequest request) {
        return new SearchQuery(text.length() > SearchQuery.MAX_TEXT ? text.substring(0, SearchQuery.MAX_TEXT) : text,
                request.filters(), props.topK(), 0);
    }
}
