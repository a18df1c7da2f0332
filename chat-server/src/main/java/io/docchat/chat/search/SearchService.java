package io.docchat.chat.search;

/**
 * Hybrid retrieval over the chunk index: BM25 and kNN in one {@code _msearch}, fused by reciprocal rank
 * fusion, through the two-tier cache. The search API and the chat pipeline both go through it.
 */
public interface SearchService {

    SearchResult search(SearchQuery query);
}
