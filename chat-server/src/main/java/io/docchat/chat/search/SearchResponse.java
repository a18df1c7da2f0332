package io.docchat.chat.search;

import java.util.List;
import java.util.Set;

/** The search API's answer: one page of fused hits, the server time and the index generation. */
record SearchResponse(String query, int k, int offset, List<Item> hits, long tookMs, String indexGeneration,
                      boolean cached) {

    /** One hit as the API shows it; the full chunk text stays server-side (chat uses it). */
    record Item(String chunkId, String title, String headingPath, String link, String snippet, double score,
                Set<String> retrievers, String source) {
    }

    static SearchResponse of(SearchQuery q, SearchResult r) {
        List<Item> items = r.hits().stream()
                .map(h -> new Item(h.chunkId(), h.title(), h.headingPath(), h.link(), h.snippet(), h.score(),
                        h.retrievers(), h.source()))
                .toList();
        return new SearchResponse(q.text(), q.k(), q.offset(), items, r.tookMs(), r.indexGeneration(), r.cached());
    }
}
