package io.docchat.chat.search;

import io.docchat.chat.access.Viewer;

/**
 * Hybrid retrieval over the chunk index: BM25 and kNN in one {@code _msearch}, fused on the client (convex
 * combination by default, or reciprocal rank fusion), through the two-tier cache. The search API and the chat pipeline both go through it.
 */
public interface SearchService {

    /**
     * One search as {@code viewer} may see it: chunks outside the viewer's groups are filtered inside both
     * retrievers, never loaded, and results are cached per permission set ({@link Viewer#partition()}).
     */
    SearchResult search(SearchQuery query, Viewer viewer);

    /**
     * The query embedding of {@code text} through the same two-tier cache and single flight that search uses, so
     * another stage asking for the same question (the chat's semantic answer cache) does not embed it again.
     */
    float[] embedQuery(String text);
}
