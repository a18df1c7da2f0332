package io.docchat.chat.page;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.docchat.chat.access.AccessMode;
import io.docchat.chat.access.Viewer;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;
import io.docchat.elastic.Permissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The source names a caller may filter the search page by: a {@code terms} aggregation over the live index
 * under the same permission filter as retrieval, so a source appears only to those who may read some of it.
 * Kept a minute per permission set: the page asks on every load and sources change with index runs only.
 * When Elasticsearch does not answer, the page simply shows no source filter (an empty list, never an error).
 */
@Component
class ReadableSources {

    private static final Logger log = LoggerFactory.getLogger(ReadableSources.class);
    /** More sources than this would not fit a filter row; the page filters by the largest ones. */
    static final int MAX = 50;

    private final IndexManager indexes;
    private final IndexRevisions revisions;
    private final AccessMode mode;
    private final Cache<String, List<String>> known = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    ReadableSources(IndexManager indexes, AccessMode mode) {
        this.indexes = indexes;
        this.revisions = new IndexRevisions(indexes);
        this.mode = mode;
    }

    List<String> of(Viewer viewer) {
        List<String> cached = known.getIfPresent(viewer.partition());
        if (cached != null) {
            return cached;
        }
        try {
            Optional<IndexRevisions.Generation> live = revisions.read();
            if (live.isEmpty() || (!live.get().permissions() && mode.privateMode())) {
                return List.of();
            }
            List<String> names = names(live.get().index(), live.get().permissions() ? viewer.readable() : null);
            known.put(viewer.partition(), names);
            return names;
        } catch (IOException | RuntimeException e) {
            log.debug("source names unavailable: {}", e.toString());
            return List.of();
        }
    }

    private List<String> names(String index, List<String> readable) throws IOException {
        Query filter = readable == null ? Query.of(q -> q.matchAll(m -> m))
                : Query.of(q -> q.terms(t -> t.field(Permissions.FIELD)
                        .terms(v -> v.value(readable.stream().map(FieldValue::of).toList()))));
        SearchResponse<Void> r = indexes.client().search(s -> s.index(index).size(0).query(filter)
                .trackTotalHits(t -> t.enabled(false))
                .aggregations("sources", a -> a.terms(t -> t.field("source").size(MAX))), Void.class);
        return r.aggregations().get("sources").sterms().buckets().array().stream()
                .map(StringTermsBucket::key).map(FieldValue::stringValue).sorted().toList();
    }
}
