package io.docchat.chat.search;

import io.docchat.chat.access.Viewer;
import io.docchat.elastic.Permissions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The form of the permission filter never changes what a caller may retrieve: on random indexes (chunks of one or
 * several groups, public ones) and random callers, the chosen clause (or none) admits exactly the chunks
 * {@link Viewer#canRead} allows. Plus the forms it must choose where that matters for cost.
 */
class PermissionFilterTest {

    private static final List<String> GROUPS = List.of("a", "b", "c", "d", "e");

    @Property(tries = 2000)
    void admitsExactlyWhatTheViewerMayRead(@ForAll("indexes") List<List<String>> chunks, @ForAll("callers") Set<String> groups) {
        Viewer viewer = Viewer.ofGroups(groups);
        PermissionFilter filter = PermissionFilter.of(viewer.readable(), figures(chunks, true));
        for (List<String> acl : chunks) {
            assertThat(admits(filter, acl)).as("chunk %s, caller %s, filter %s", acl, groups, filter).isEqualTo(viewer.canRead(acl));
        }
    }

    @Test
    void aCallerOfEveryValueInTheIndexGetsNoFilter() {
        List<List<String>> chunks = List.of(List.of("a"), List.of("b"), List.of(Permissions.PUBLIC), List.of("a", "b"));
        assertThat(PermissionFilter.of(Viewer.ofGroups(List.of("a", "b", "x")).readable(), figures(chunks, true)))
                .isEqualTo(PermissionFilter.NONE);
    }

    @Test
    void aCallerOfSomeValuesGetsOnlyTheirValuesPresentInTheIndex() {
        // a chunk of two groups is readable by either: "d" alone is not, "c d" is
        List<List<String>> chunks = List.of(List.of("a"), List.of("b"), List.of("c", "d"), List.of("d"));
        PermissionFilter filter = PermissionFilter.of(Viewer.ofGroups(List.of("a", "b", "c")).readable(), figures(chunks, true));
        assertThat(filter.admit()).containsExactly("a", "b", "c");
        assertThat(filter.filters()).hasSize(1);
    }

    @Test
    void aCallerOfFewChunksGetsOnlyTheirValuesPresentInTheIndex() {
        List<List<String>> chunks = List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"));
        PermissionFilter one = PermissionFilter.of(Viewer.ofGroups(List.of("a", "zzz")).readable(), figures(chunks, true));
        assertThat(one).isEqualTo(PermissionFilter.admitting(List.of("a")));
        assertThat(one.filters().getFirst().isTerm()).as("one value: a single term query").isTrue();
        // nothing readable present: still a filter that admits nothing, never an empty one that admits all
        assertThat(PermissionFilter.of(Viewer.PUBLIC.readable(), figures(chunks, true)).admit()).containsExactly(Permissions.PUBLIC);
    }

    @Test
    void withoutCompleteFiguresItIsThePlainFilter() {
        List<List<String>> chunks = List.of(List.of("a"), List.of("b"));
        List<String> readable = Viewer.ofGroups(List.of("a", "b")).readable();
        assertThat(PermissionFilter.of(readable, figures(chunks, false))).isEqualTo(PermissionFilter.admitting(readable));
        assertThat(PermissionFilter.of(readable, null)).isEqualTo(PermissionFilter.admitting(readable));
        assertThat(PermissionFilter.of(readable, AclValues.Figures.UNKNOWN)).isEqualTo(PermissionFilter.admitting(readable));
    }

    /** What Elasticsearch does with the filter's clause, on one chunk's field. */
    private static boolean admits(PermissionFilter filter, List<String> acl) {
        return filter.admit().isEmpty() || !Collections.disjoint(filter.admit(), acl);
    }

    /** The figures {@link AclValues} reads from an index of these chunks. */
    static AclValues.Figures figures(List<List<String>> chunks, boolean complete) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (List<String> acl : chunks) {
            for (String v : acl) {
                counts.merge(v, 1L, Long::sum);
            }
        }
        return new AclValues.Figures(counts, complete);
    }

    @Provide
    Arbitrary<List<List<String>>> indexes() {
        Arbitrary<List<String>> acl = Arbitraries.oneOf(
                Arbitraries.just(List.of(Permissions.PUBLIC)),
                Arbitraries.of(GROUPS).set().ofMinSize(1).ofMaxSize(3).map(s -> new ArrayList<>(new java.util.TreeSet<>(s))),
                Arbitraries.of(GROUPS).map(List::of));
        return acl.list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<Set<String>> callers() {
        List<String> known = new ArrayList<>(GROUPS);
        known.add("unknown-group");
        return Arbitraries.of(known).set().ofMaxSize(6).map(HashSet::new);
    }
}
