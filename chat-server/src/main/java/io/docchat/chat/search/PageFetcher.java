package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import io.docchat.elastic.ChunkDocument;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the fused page's chunks by id in one {@code _mget} and makes their snippets on the client
 * ({@link Snippets}). Measured against the {@code _search} by ids with Elasticsearch's highlighter that it
 * replaces, see ops/bench/results/search.md: a get by id skips the query and highlight phases.
 */
final class PageFetcher {

    private final ElasticsearchClient client;
    private final int snippetChars;

    PageFetcher(ElasticsearchClient client, int snippetChars) {
        this.client = client;
        this.snippetChars = snippetChars;
    }

    /** A page member: its document and its highlighted snippet. */
    record Loaded(ChunkDocument doc, String snippet) {
    }

    /** The page's chunks by id; ids deleted since the search are absent. */
    Map<String, Loaded> fetch(String index, String queryText, List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        MgetResponse<ChunkDocument> response;
        try {
            // not realtime: like the search that found them, read what the last refresh made visible
            response = client.mget(m -> m.index(index).ids(ids).realtime(false), ChunkDocument.class);
        } catch (IOException | RuntimeException e) {
            throw new SearchUnavailableException("Elasticsearch did not return the hits: " + e.getMessage(), e);
        }
        Map<String, Loaded> page = new HashMap<>();
        Snippets.Terms terms = Snippets.terms(queryText);
        for (MultiGetResponseItem<ChunkDocument> item : response.docs()) {
            if (item.isFailure()) {
                throw new SearchUnavailableException("Elasticsearch failed to load hit " + item.failure().id()
                        + ": " + item.failure().error().reason(), null);
            }
            ChunkDocument doc = item.result().source();
            if (item.result().found() && doc != null) {
                page.put(item.result().id(), new Loaded(doc, Snippets.highlight(doc.text(), terms, snippetChars)));
            }
        }
        return page;
    }
}
