package io.docchat.chat.search;

/**
 * Hybrid retrieval over the chunk index: BM25 and kNN in one {@code _msearch}, fused on the client (convex
 * combination by default, or reciprocal rank fusion), through the two-tier cache. The search API and the chat pipeline both go through it.
 */
public interface SearchService {

    SearchResult search(SearchQuery query);

    /**
     * The query embedding of {@code text} through the same two-tier cache and single flight that search uses, so
     * another stage asking for the same question (the chat's semantic answer cache) does not embed it again.
     */
    float[] embedQuery(String text);
}
