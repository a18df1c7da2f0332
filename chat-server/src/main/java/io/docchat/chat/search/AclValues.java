package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;
import io.docchat.elastic.Permissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which {@link Permissions#FIELD} values an index generation holds and how many chunks hold each: one {@code terms}
 * aggregation (a few milliseconds) per generation, kept until it changes (a new index, or a run's revision bump
 * before and after its writes), so {@link PermissionFilter} can drop the permission clause or shorten it. Figures taken while a run is writing into the index are marked
 * incomplete and asked again after {@link #WHILE_WRITING}; a failed aggregation too (searches then use the plain
 * filter: this is an optimisation, never a reason to fail a search).
 */
final class AclValues {

    /** Values one aggregation returns; more than this, and the figures are incomplete. */
    static final int MAX_VALUES = 1000;
    static final Duration WHILE_WRITING = Duration.ofSeconds(5);
    private static final Duration STABLE = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(AclValues.class);
    /** Loads run beside the searches: a search never waits for them (it uses the plain filter meanwhile). */
    private static final java.util.concurrent.Executor LOADER = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("acl-values-", 0).factory());

    /**
     * @param counts   chunks per value
     * @param complete whether these are all the values of a settled index, every chunk holding at least one
     */
    record Figures(Map<String, Long> counts, boolean complete) {

        static final Figures UNKNOWN = new Figures(Map.of(), false);
    }

    private final ElasticsearchClient client;
    private final IndexRevisions revisions;
    private final LoadingCache<IndexRevisions.Generation, Figures> figures;

    AclValues(ElasticsearchClient client, IndexManager indexes) {
        this.client = client;
        this.revisions = new IndexRevisions(indexes);
        this.figures = Caffeine.newBuilder().maximumSize(4).executor(LOADER).expireAfter(new Expiry<IndexRevisions.Generation, Figures>() {
            @Override
            public long expireAfterCreate(IndexRevisions.Generation key, Figures value, long currentTime) {
                return (value.complete() ? STABLE : WHILE_WRITING).toNanos();
            }

            @Override
            public long expireAfterUpdate(IndexRevisions.Generation key, Figures value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
            }

            @Override
            public long expireAfterRead(IndexRevisions.Generation key, Figures value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build(this::load);
    }

    /**
     * The figures of {@code generation} if known; else {@link Figures#UNKNOWN} while they are read in the background
     * (the first searches of a generation use the plain filter; with a slow cluster, an extra request before the
     * search would have made every first search slower still). UNKNOWN for an index without permissions.
     */
    Figures of(IndexRevisions.Generation generation) {
        if (!generation.permissions()) {
            return Figures.UNKNOWN;
        }
        Figures known = figures.getIfPresent(generation);
        if (known == null) {
            figures.refresh(generation);
            return Figures.UNKNOWN;
        }
        return known;
    }

    /** The figures of {@code generation}, read now if not known (for benchmarks, which must see the settled form). */
    Figures awaitFigures(IndexRevisions.Generation generation) {
        return generation.permissions() ? figures.get(generation) : Figures.UNKNOWN;
    }

    private Figures load(IndexRevisions.Generation generation) {
        String index = generation.index();
        try {
            SearchResponse<Void> response = client.search(s -> s.index(index).size(0).trackTotalHits(t -> t.enabled(false))
                    .requestCache(true)
                    .aggregations("values", a -> a.terms(t -> t.field(Permissions.FIELD).size(MAX_VALUES)))
                    .aggregations("without", a -> a.missing(m -> m.field(Permissions.FIELD))), Void.class);
            Aggregate values = response.aggregations().get("values");
            boolean complete = values.sterms().sumOtherDocCount() == 0
                    && response.aggregations().get("without").missing().docCount() == 0;
            Map<String, Long> counts = new LinkedHashMap<>();
            for (StringTermsBucket bucket : values.sterms().buckets().array()) {
                counts.put(bucket.key().stringValue(), bucket.docCount());
            }
            // a run writing into this generation may add values at any time: these figures are a snapshot only
            complete &= !revisions.beingWritten(index);
            return new Figures(Map.copyOf(counts), complete);
        } catch (Exception e) {
            log.warn("cannot read the permission values of {} ({}); searches use the plain permission filter", index, e.toString());
            return Figures.UNKNOWN;
        }
    }
}
