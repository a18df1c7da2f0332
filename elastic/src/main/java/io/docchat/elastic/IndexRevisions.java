package io.docchat.elastic;

import co.elastic.clients.json.JsonData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which text the live index holds, as a token for cache keys. An alias swap changes the concrete index; an
 * incremental run writes into the live index, so it records new revisions in the index's {@code _meta}: one
 * before its first write, marked as being written ({@link #beginWrites}), and one when its writes are visible or
 * the run failed ({@link #endWrites}). Cached results and answers keyed by {@link Generation#token()} then do not
 * outlive the text they were made from by more than the run that changed it. The mark is kept in the index
 * itself, so a run killed mid-write leaves it behind and the next run (or a restart of the same one) ends it.
 */
public final class IndexRevisions {

    private static final String REVISION = "revision";
    /** Set while a run writes into the index: which run, and when its writes started. */
    private static final String WRITING = "writing";

    private final IndexManager indexes;

    public IndexRevisions(IndexManager indexes) {
        this.indexes = indexes;
    }

    /**
     * A concrete index and its revision (0 until an incremental run changed it), and whether its chunks carry
     * permissions ({@link Permissions}; false only for an index built before them), and whether it holds the
     * {@code stems} field made by this build's {@link EnglishStems} (its {@code _meta.stemming} names the same
     * analysis: a query must be stemmed exactly as the chunks were), and the embedding model its vectors come from
     * ({@code spec}, null for an index that records none): a searcher whose query vectors come from another model
     * must not run kNN on it (a rollback or a model change can swap such an index in under a running server).
     */
    public record Generation(String index, long revision, boolean permissions, boolean stemmed, EmbeddingSpec spec) {

        /** An index with permissions, without stems. */
        public Generation(String index, long revision) {
            this(index, revision, true, false, null);
        }

        public Generation(String index, long revision, boolean permissions) {
            this(index, revision, permissions, false, null);
        }

        public Generation(String index, long revision, boolean permissions, boolean stemmed) {
            this(index, revision, permissions, stemmed, null);
        }

        /** Whether query vectors from {@code embedder} may be compared with this index's vectors (true when unknown). */
        public boolean comparableWith(EmbeddingSpec embedder) {
            return spec == null || spec.equals(embedder);
        }

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
                return indexes.readIndex().map(index -> generation(index, meta(index)));
            }
            var entry = mappings.entrySet().iterator().next();
            return Optional.of(generation(entry.getKey(), entry.getValue().mappings().meta()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raises {@code index}'s revision by one, keeping the rest of its {@code _meta}; returns the new revision. */
    public long bump(String index) {
        Map<String, JsonData> meta = new LinkedHashMap<>(meta(index));
        return raise(index, meta);
    }

    /**
     * Before a run's first write into {@code index}: a new revision (results cached before the run are no longer
     * served) and the mark that {@code owner} is writing. Does nothing when {@code owner}'s mark is already there
     * (its second step); a mark left by another (a killed run) is replaced, with a new revision, since what was
     * cached after the kill must not outlive this run's writes either. Returns whether it raised the revision.
     */
    public boolean beginWrites(String index, String owner) {
        Map<String, JsonData> meta = new LinkedHashMap<>(meta(index));
        JsonData mark = meta.get(WRITING);
        if (mark != null && IndexManager.asString(mark).startsWith(owner + " since ")) {
            return false;
        }
        meta.put(WRITING, JsonData.of(owner + " since " + Instant.now()));
        raise(index, meta);
        return true;
    }

    /**
     * After a run's writes are visible, or after it failed: if {@code index} is marked as being written, a new
     * revision without the mark (what was cached while the writes were under way is no longer served).
     */
    public OptionalLong endWrites(String index) {
        Map<String, JsonData> meta = new LinkedHashMap<>(meta(index));
        if (meta.remove(WRITING) == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(raise(index, meta));
    }

    /** Whether a run's writes into {@code index} are under way, or were left unfinished by a crash. */
    public boolean beingWritten(String index) {
        return meta(index).containsKey(WRITING);
    }

    /** Stores {@code meta} (the rest of the index's {@code _meta}) with the revision raised by one; returns it. */
    private long raise(String index, Map<String, JsonData> meta) {
        long revision = revision(meta) + 1;
        meta.put(REVISION, JsonData.of(revision));
        try {
            indexes.client().indices().putMapping(p -> p.index(index).meta(meta));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a new revision of " + index, e);
        }
        return revision;
    }

    private Map<String, JsonData> meta(String index) {
        try {
            Map<String, JsonData> meta = indexes.client().indices().getMapping(g -> g.index(index)).result().get(index).mappings().meta();
            return meta == null ? Map.of() : meta;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Generation generation(String index, Map<String, JsonData> meta) {
        JsonData permissions = meta == null ? null : meta.get(Permissions.META_KEY);
        JsonData stemming = meta == null ? null : meta.get("stemming");
        return new Generation(index, revision(meta),
                permissions != null && Permissions.VERSION.equals(IndexManager.asString(permissions)),
                stemming != null && EnglishStems.CONTRACT.equals(IndexManager.asString(stemming)), spec(meta));
    }

    private static EmbeddingSpec spec(Map<String, JsonData> meta) {
        if (meta == null || !meta.containsKey("model_id") || !meta.containsKey("dimensions")) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        meta.forEach((k, v) -> values.put(k, IndexManager.asString(v)));
        try {
            return EmbeddingSpec.fromMeta(values);
        } catch (RuntimeException unreadable) {
            return null;
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
