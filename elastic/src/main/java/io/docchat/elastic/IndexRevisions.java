package io.docchat.elastic;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.JsonData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which text the live index holds, as a token for cache keys. An alias swap changes the concrete index; an
 * incremental run writes into the live index, so it records a new revision in the index's {@code _meta}
 * ({@link #bump}) once its changes are visible. Cached results and answers keyed by {@link Generation#token()}
 * then never outlive the text they were made from.
 */
public final class IndexRevisions {

    private static final String REVISION = "revision";

    private final IndexManager indexes;

    public IndexRevisions(IndexManager indexes) {
        this.indexes = indexes;
    }

    /** A concrete index and its revision (0 until an incremental run changed it). */
    public record Generation(String index, long revision) {

        public String token() {
            return revision == 0 ? index : index + "@" + revision;
        }
    }

    /** The read alias's concrete index and its revision, in one request. */
    public Optional<Generation> read() {
        try {
            var mappings = indexes.client().indices().getMapping(g -> g.index(indexes.names().readAlias())
                    .ignoreUnavailable(true).allowNoIndices(true)).result();
            if (mappings.size() != 1) {
                // no alias yet, or (never by design) an alias over several indices: the alias API decides which
                return indexes.readIndex().map(index -> new Generation(index, revision(indexes.meta(index))));
            }
            var entry = mappings.entrySet().iterator().next();
            Map<String, String> meta = new LinkedHashMap<>();
            if (entry.getValue().mappings().meta() != null) {
                entry.getValue().mappings().meta().forEach((k, v) -> meta.put(k, IndexManager.asString(v)));
            }
            return Optional.of(new Generation(entry.getKey(), revision(meta)));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raises {@code index}'s revision by one, keeping the rest of its {@code _meta}; returns the new revision. */
    public long bump(String index) {
        try {
            var mapping = indexes.client().indices().getMapping(g -> g.index(index)).result().get(index);
            Map<String, JsonData> meta = new LinkedHashMap<>(mapping.mappings().meta() == null ? Map.of() : mapping.mappings().meta());
            Map<String, String> strings = new LinkedHashMap<>();
            meta.forEach((k, v) -> strings.put(k, IndexManager.asString(v)));
            long next = revision(strings) + 1;
            meta.put(REVISION, JsonData.of(next));
            indexes.client().indices().putMapping(p -> p.index(index).meta(meta));
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a new revision of " + index, e);
        }
    }

    private static long revision(Map<String, String> meta) {
        try {
            return Long.parseLong(meta.getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
