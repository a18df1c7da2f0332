package io.docchat.elastic;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The permission part of the index contract. Every chunk carries its readers in the keyword field
 * {@value #FIELD}: the groups of its source, or the single token {@value #PUBLIC} for a source without groups.
 * A caller may read a chunk when the field holds {@value #PUBLIC} or one of the caller's groups, so the filter
 * is one {@code terms} query on one field ({@code acl: [__public__, ...groups]}), which Elasticsearch answers
 * from the inverted index inside both the BM25 {@code bool.filter} and the kNN {@code filter}.
 * <p>
 * An index built with this contract records {@value #META_KEY}{@code : }{@value #VERSION} in its
 * {@code _meta}; an index without it was built before permissions existed, and its chunks have no
 * {@value #FIELD} at all.
 */
public final class Permissions {

    /** The keyword field with a chunk's readers. */
    public static final String FIELD = "acl";
    /** The reader token of a chunk everyone may read (a source with no groups). */
    public static final String PUBLIC = "__public__";
    /** The {@code _meta} key that says the index's chunks carry {@link #FIELD}. */
    public static final String META_KEY = "permissions";
    /** The version of the permission contract this code writes and reads. */
    public static final String VERSION = "1";
    /** How to get an index with permissions, for refusals and logs. */
    public static final String REBUILD_HINT =
            "rebuild it with the batch-indexer: POST /admin/runs?mode=full (or DOCCHAT_INDEXER_RUN_ONCE=full)";

    private Permissions() {
    }

    /**
     * A chunk's {@link #FIELD} from its source's groups: the groups sorted and without duplicates or blanks, or
     * {@code [__public__]} when there are none.
     */
    public static List<String> acl(Collection<String> groups) {
        if (groups == null || groups.isEmpty()) {
            return List.of(PUBLIC);
        }
        TreeSet<String> out = new TreeSet<>();
        for (String g : groups) {
            if (g != null && !g.isBlank()) {
                out.add(g.strip());
            }
        }
        return out.isEmpty() ? List.of(PUBLIC) : List.copyOf(out);
    }

    /** Whether an index's {@code _meta} (as {@link IndexManager#meta} returns it) records permissions. */
    public static boolean recordedIn(Map<String, String> meta) {
        return meta != null && VERSION.equals(meta.get(META_KEY));
    }
}
