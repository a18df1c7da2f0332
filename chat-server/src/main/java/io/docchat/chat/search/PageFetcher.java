package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.docchat.chat.access.Viewer;
import io.docchat.chat.cache.CacheFactory;
import io.docchat.chat.cache.TwoTierCache;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.IndexRevisions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the fused page's chunks and makes their snippets on the client ({@link Snippets}). Chunks come from a
 * bounded per-instance cache where it has them, the rest from one {@code _mget} (measured against the
 * {@code _search} by ids with Elasticsearch's highlighter that it replaced, see ops/bench/results/search.md: a
 * get by id skips the query and highlight phases).
 * <p>
 * The cache is keyed by the index generation and revision ({@link IndexRevisions.Generation#token()}): an alias
 * swap, or an incremental run that changes the live index (it raises the revision before its first write and
 * when it publishes or fails), moves to a new token, and the entries of the old one are dropped. While an
 * incremental run writes, a chunk can change under the same token: entries therefore also expire
 * {@link #MAX_AGE} after they were loaded, which bounds how long such text can be served during a long run.
 * It holds what result-cache misses share: other wordings of a question, and other questions about the same
 * pages, load pages already seen.
 * <p>
 * The chunk cache is shared by all callers, since a chunk's text is the same whoever reads it, but it is never
 * a way around permissions: every chunk, cached or loaded, is checked against the caller's groups with its own
 * {@code acl} before it is returned ({@link Viewer#canRead}). A chunk whose readers change is re-written by an
 * incremental run, which moves the generation token and so drops the cached copy.
 */
final class PageFetcher {

    /** Rough heap cost of a cached chunk beyond its strings (record, key, cache node). */
    private static final int ENTRY_OVERHEAD = 400;
    /** The longest a loaded chunk is served without asking Elasticsearch again. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final ElasticsearchClient client;
    private final int snippetChars;
    private final Cache<String, ChunkDocument> chunks;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    /** The generation the cached chunks were last asked under. */
    private volatile String lastToken = "";

    /** @param cacheBytes the chunk cache's bound on the heap, by the UTF-16 size of its strings; 0 turns it off */
    PageFetcher(ElasticsearchClient client, int snippetChars, long cacheBytes, MeterRegistry registry) {
        this.client = client;
        this.snippetChars = snippetChars;
        this.chunks = cacheBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(cacheBytes)
                .weigher((String key, ChunkDocument doc) -> weight(key, doc))
                .expireAfterWrite(MAX_AGE)
                .executor(CacheFactory.SAME_THREAD)
                .build();
        this.cacheHits = TwoTierCache.counter(registry, "chunks", "l1", "hit");
        this.cacheMisses = TwoTierCache.counter(registry, "chunks", "l1", "miss");
    }

    /** A page member: its document and its highlighted snippet. */
    record Loaded(ChunkDocument doc, String snippet) {
    }

    /** The page's chunks by id that {@code viewer} may read; ids deleted since the search are absent. */
    Map<String, Loaded> fetch(IndexRevisions.Generation generation, String queryText, List<String> ids, Viewer viewer) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String keyPrefix = generation.token() + '\u0000';
        if (chunks != null && !generation.token().equals(lastToken)) {
            dropOtherGenerations(generation.token(), keyPrefix);
        }
        Map<String, ChunkDocument> docs = new HashMap<>(ids.size() * 2);
        List<String> missing = new ArrayList<>(ids.size());
        for (String id : ids) {
            ChunkDocument doc = chunks == null ? null : chunks.getIfPresent(keyPrefix + id);
            if (doc != null) {
                docs.put(id, doc);
            } else {
                missing.add(id);
            }
        }
        if (chunks != null) {
            cacheHits.increment(docs.size());
            cacheMisses.increment(missing.size());
        }
        if (!missing.isEmpty()) {
            for (Map.Entry<String, ChunkDocument> loaded : load(generation.index(), missing).entrySet()) {
                docs.put(loaded.getKey(), loaded.getValue());
                if (chunks != null) {
                    chunks.put(keyPrefix + loaded.getKey(), loaded.getValue());
                }
            }
        }
        Map<String, Loaded> page = new HashMap<>(docs.size() * 2);
        Snippets.Terms terms = Snippets.terms(queryText);
        docs.forEach((id, doc) -> {
            // The ids come from a search filtered for this viewer, so this holds unless a chunk's readers changed
            // between the search and the load (an incremental run re-wrote it), or an entry cached for another
            // caller were asked for: the chunk's own acl decides, whatever cache or request produced the id.
            if (viewer.canRead(doc.acl())) {
                page.put(id, new Loaded(doc, Snippets.highlight(doc.text(), terms, snippetChars)));
            }
        });
        return page;
    }

    /**
     * A new generation's keys never meet the old ones, which would only wait for their expiry: their heap goes
     * back at once. A request that read the generation just before the change may come after it and clear the
     * new one's few entries; they load again.
     */
    private void dropOtherGenerations(String token, String keyPrefix) {
        lastToken = token;
        chunks.asMap().keySet().removeIf(key -> !key.startsWith(keyPrefix));
    }

    private Map<String, ChunkDocument> load(String index, List<String> ids) {
        MgetResponse<ChunkDocument> response;
        try {
            // not realtime: like the search that found them, read what the last refresh made visible
            response = client.mget(m -> m.index(index).ids(ids).realtime(false), ChunkDocument.class);
        } catch (IOException | RuntimeException e) {
            throw new SearchUnavailableException("Elasticsearch did not return the hits: " + e.getMessage(), e);
        }
        Map<String, ChunkDocument> found = new HashMap<>(ids.size() * 2);
        for (MultiGetResponseItem<ChunkDocument> item : response.docs()) {
            if (item.isFailure()) {
                throw new SearchUnavailableException("Elasticsearch failed to load hit " + item.failure().id()
                        + ": " + item.failure().error().reason(), null);
            }
            ChunkDocument doc = item.result().source();
            if (item.result().found() && doc != null) {
                found.put(item.result().id(), doc);
            }
        }
        return found;
    }

    private static int weight(String key, ChunkDocument d) {
        long chars = (long) key.length() + length(d.text()) + length(d.title()) + length(d.headingPath())
                + length(d.url()) + length(d.location()) + length(d.source()) + length(d.anchor())
                + length(d.contentHash()) + length(d.product()) + length(d.version());
        for (String t : d.tags()) {
            chars += length(t);
        }
        for (String reader : d.acl()) {
            chars += length(reader);
        }
        return (int) Math.min(Integer.MAX_VALUE, 2 * chars + ENTRY_OVERHEAD);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
