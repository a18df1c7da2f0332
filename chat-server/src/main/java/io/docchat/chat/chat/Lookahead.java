package io.docchat.chat.chat;

import io.docchat.chat.cost.CostLedger;
import io.docchat.chat.search.SearchResult;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The work of a turn that needs only the request, started on virtual threads while the request thread
 * stores the question, so that the PostgreSQL, Redis and Elasticsearch round trips overlap instead of
 * adding up before the first token: today's spend (for routing) always; for a first turn, which is its
 * own standalone question, also the retrieval and the answer-cache lookup under the index generation
 * seen last.
 */
final class Lookahead {

    private final CompletableFuture<CostLedger.Spend> spend;
    private final String question;
    private final CompletableFuture<SearchResult> retrieval;
    private final String cacheGeneration;
    private final CompletableFuture<Optional<AnswerCache.CachedAnswer>> cached;

    /**
     * @param retrieval       of {@code question}, or null (a follow-up, or no search service)
     * @param cacheGeneration the index generation {@code cached} was looked up under, or null for none
     */
    Lookahead(CompletableFuture<CostLedger.Spend> spend, String question, CompletableFuture<SearchResult> retrieval,
              String cacheGeneration, CompletableFuture<Optional<AnswerCache.CachedAnswer>> cached) {
        this.spend = spend;
        this.question = question;
        this.retrieval = retrieval;
        this.cacheGeneration = cacheGeneration;
        this.cached = cached;
    }

    CostLedger.Spend spend() {
        return join(spend);
    }

    /** The retrieval already running for this standalone question, if any. */
    Optional<SearchResult> retrieval(String standalone) {
        return retrieval != null && standalone.equals(question) ? Optional.of(join(retrieval)) : Optional.empty();
    }

    /** The early cache lookup, if one ran under this generation (a swapped index makes it worthless). */
    Optional<Optional<AnswerCache.CachedAnswer>> cached(String indexGeneration) {
        return cached != null && indexGeneration.equals(cacheGeneration) ? Optional.of(join(cached)) : Optional.empty();
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
