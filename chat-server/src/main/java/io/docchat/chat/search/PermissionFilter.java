package io.docchat.chat.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.docchat.elastic.Permissions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cheapest clause that admits exactly the chunks a caller may read, chosen from the {@link Permissions#FIELD}
 * values the live index holds ({@link AclValues}). A filter makes Elasticsearch's BM25 leg a conjunction, which
 * loses the fast path of a plain disjunction (SciFact, 5,183 chunks in one segment, Elasticsearch's profile,
 * median of 600 queries: 1.10 ms without a filter, 2.15-2.52 ms with {@code terms acl}, 1.42 ms with one
 * {@code must_not term}), and on a segment below the query cache's 10,000 documents the filter is evaluated
 * afresh for every query. So:
 * <ul>
 *   <li>a caller who may read every value in the index gets no clause at all ({@link #NONE});</li>
 *   <li>a caller who may read most chunks gets the values they may not read as {@code must_not}
 *       ({@link #excluding}), when that is exact: no unreadable value ever shares a chunk with a readable one (a
 *       chunk of two groups is readable by either, so excluding one of its groups would hide it);</li>
 *   <li>otherwise the readable values present in the index ({@link #admitting}), one {@code term} when one.</li>
 * </ul>
 * Without complete figures for the index (the aggregation failed, the index is being written, a chunk without the
 * field, more values than one aggregation returns) it is the caller's readable values as before. A chunk written
 * after the figures were taken with a value they do not know could pass an exclusion; the figures are taken again
 * for every new index generation (a run marks its writes and bumps the revision), and the page fetch re-checks
 * every chunk's field against the caller ({@code PageFetcher}), so such a chunk is never shown.
 *
 * @param admit   values of which a chunk must hold one (empty: no such condition)
 * @param exclude values no chunk may hold (empty: none)
 */
record PermissionFilter(List<String> admit, List<String> exclude) {

    /** The caller may read every chunk of the index. */
    static final PermissionFilter NONE = new PermissionFilter(List.of(), List.of());

    PermissionFilter {
        admit = List.copyOf(admit);
        exclude = List.copyOf(exclude);
    }

    static PermissionFilter admitting(List<String> values) {
        return new PermissionFilter(values, List.of());
    }

    static PermissionFilter excluding(List<String> values) {
        return new PermissionFilter(List.of(), values);
    }

    /** The filter for a caller who may read {@code readable}, given the index's figures (null when unknown). */
    static PermissionFilter of(List<String> readable, AclValues.Figures index) {
        if (index == null || !index.complete()) {
            return admitting(readable);
        }
        Set<String> canRead = new HashSet<>(readable);
        List<String> unreadable = new ArrayList<>();
        long excluded = 0;
        long admitted = 0;
        for (Map.Entry<String, Long> value : index.counts().entrySet()) {
            if (canRead.contains(value.getKey())) {
                admitted += value.getValue();
            } else {
                unreadable.add(value.getKey());
                excluded += value.getValue();
            }
        }
        if (unreadable.isEmpty()) {
            return NONE;
        }
        boolean exact = unreadable.stream().allMatch(u -> index.sharing(u).stream().noneMatch(canRead::contains));
        if (exact && excluded <= admitted) {
            return excluding(unreadable);
        }
        Set<String> present = new LinkedHashSet<>();
        for (String r : readable) {
            if (index.counts().containsKey(r)) {
                present.add(r);
            }
        }
        // nothing readable in the index: the caller's own values, which match nothing (an empty list would match all)
        return admitting(present.isEmpty() ? readable : List.copyOf(present));
    }

    /** The clauses every chunk must match (for a BM25 {@code bool.filter} and the kNN {@code filter}). */
    List<Query> filters() {
        List<Query> out = new ArrayList<>(1);
        if (!admit.isEmpty()) {
            out.add(values(admit));
        }
        if (!exclude.isEmpty()) {
            Query not = values(exclude);
            out.add(Query.of(q -> q.bool(b -> b.mustNot(not))));
        }
        return out;
    }

    /** The BM25 clauses: the admitting part as a filter, the exclusion as the query's own {@code must_not}. */
    List<Query> bm25Filters() {
        return admit.isEmpty() ? List.of() : List.of(values(admit));
    }

    List<Query> bm25MustNot() {
        return exclude.isEmpty() ? List.of() : List.of(values(exclude));
    }

    private static Query values(List<String> values) {
        if (values.size() == 1) {
            String only = values.getFirst();
            return Query.of(q -> q.term(t -> t.field(Permissions.FIELD).value(only)));
        }
        List<FieldValue> v = values.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(Permissions.FIELD).terms(tv -> tv.value(v))));
    }

    /** For benchmark reports: which form the filter took. */
    String describe() {
        if (admit.isEmpty() && exclude.isEmpty()) {
            return "none";
        }
        return admit.isEmpty() ? "must_not " + exclude.size() : "admit " + admit.size();
    }
}
