package io.docchat.chat.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.docchat.elastic.Permissions;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The permission clause a caller's searches carry, chosen from the {@link Permissions#FIELD} values the live index
 * holds ({@link AclValues}):
 * <ul>
 *   <li>a caller who may read every value in the index gets no clause at all ({@link #NONE}): the same request as
 *       an unfiltered search, so the same cost (with a {@code terms} filter that admitted everything, the
 *       {@code _msearch} alone ran at 0.61-0.75 of the unfiltered rate: ops/bench/results/permissions.md);</li>
 *   <li>any other caller gets the readable values present in the index (fewer terms; one {@code term} when one).</li>
 * </ul>
 * Without complete figures for the index (not read yet, the aggregation failed, the index is being written, a chunk without the
 * field, more values than one aggregation returns) it is the caller's readable values, as before. A chunk written
 * after the figures were taken, with a value they do not know, passes a search without a clause; the figures are
 * taken again for every new index generation (a run marks its writes and bumps the revision, and figures taken
 * during a run are not used), and the page fetch re-checks every chunk's field against the caller
 * ({@code PageFetcher}), so such a chunk is never shown.
 * <p>
 * Measured and rejected: the unreadable values as {@code must_not} for a caller who reads most chunks. Elasticsearch's
 * profile put the BM25 leg at 1.42 ms against 2.15 ms for {@code terms} (the profiler disables Lucene's bulk scorers),
 * but timed from the client the exclusion was no faster (BM25 2.09 ms against 1.83 ms, kNN 2.21 against 2.20).
 *
 * @param admit values of which a chunk must hold one; empty: no clause
 */
record PermissionFilter(List<String> admit) {

    /** The caller may read every chunk of the index. */
    static final PermissionFilter NONE = new PermissionFilter(List.of());

    PermissionFilter {
        admit = List.copyOf(admit);
    }

    static PermissionFilter admitting(List<String> values) {
        return new PermissionFilter(values);
    }

    /** The filter for a caller who may read {@code readable}, given the index's figures (null when unknown). */
    static PermissionFilter of(List<String> readable, AclValues.Figures index) {
        if (index == null || !index.complete()) {
            return admitting(readable);
        }
        Set<String> canRead = new HashSet<>(readable);
        if (canRead.containsAll(index.counts().keySet())) {
            return NONE;
        }
        Set<String> present = new LinkedHashSet<>();
        for (String r : readable) {
            if (index.counts().containsKey(r)) {
                present.add(r);
            }
        }
        // nothing readable in the index: the caller's own values, which match nothing (no clause would match all)
        return admitting(present.isEmpty() ? readable : List.copyOf(present));
    }

    /** The clauses every chunk must match (for the BM25 {@code bool.filter} and the kNN {@code filter}). */
    List<Query> filters() {
        if (admit.isEmpty()) {
            return List.of();
        }
        if (admit.size() == 1) {
            String only = admit.getFirst();
            return List.of(Query.of(q -> q.term(t -> t.field(Permissions.FIELD).value(only))));
        }
        List<FieldValue> v = admit.stream().map(FieldValue::of).toList();
        return List.of(Query.of(q -> q.terms(t -> t.field(Permissions.FIELD).terms(tv -> tv.value(v)))));
    }

    /** For benchmark reports: which form the filter took. */
    String describe() {
        return admit.isEmpty() ? "none" : "admit " + admit.size();
    }
}
