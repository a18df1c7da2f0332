package io.docchat.chat.search;

import java.util.List;
import java.util.Set;

/**
 * Hits for one query, with the index generation (concrete index behind the read alias) that answered it.
 *
 * @param tookMs server time for the whole search
 * @param cached whether the hits came from the result cache
 */
public record SearchResult(List<Hit> hits, String indexGeneration, long tookMs, boolean cached) {

    public SearchResult {
        hits = List.copyOf(hits);
    }

    /**
     * One chunk.
     *
     * @param chunkId     {@code {docId}#{n}}
     * @param link        deep link for citations (URL with anchor, or file with line/page)
     * @param snippet     highlighted fragment (HTML-escaped text with {@code <em>} marks)
     * @param text        the whole chunk text, for answer generation
     * @param retrievers  which retrievers found it: {@code bm25}, {@code knn}
     */
    public record Hit(String chunkId, String docId, String source, String title, String headingPath, String link,
                      String snippet, String text, double score, Set<String> retrievers) {
    }
}
