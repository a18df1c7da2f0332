package io.docchat.elastic;

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
            // a missing alias answers {} with these flags
            var mappings = indexes.client().indices().getMapping(g -> g.index(indexes.names().readAlias())
                    .ignoreUnavailable(true).allowNoIndices(true)).result();
            if (mappings.size() != 1) {
                // no alias yet, or (never by design) an alias over several indices: the alias API decides which
                return indexes.readIndex().map(index -> new Generation(index, revision(meta(index))));
            }
            var entry = mappings.entrySet().iterator().next();
            return Optional.of(new Generation(entry.getKey(), revision(entry.getValue().mappings().meta())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raises {@code index}'s revision by one, keeping the rest of its {@code _meta}; returns the new revision. */
    public long bump(String index) {
        Map<String, JsonData> meta = new LinkedHashMap<>(meta(index));
        long next = revision(meta) + 1;
        meta.put(REVISION, JsonData.of(next));
        try {
            indexes.client().indices().putMapping(p -> p.index(index).meta(meta));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a new revision of " + index, e);
        }
        return next;
    }

    private Map<String, JsonData> meta(String index) {
        try {
            Map<String, JsonData> meta = indexes.client().indices().getMapping(g -> g.index(index)).result().get(index).mappings().meta();
            return meta == null ? Map.of() : meta;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long revision(Map<String, JsonData> meta) {
        JsonData value = meta == null ? null : meta.get(REVISION);
        try {
            return value == null ? 0 : Long.parseLong(IndexManager.asString(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
