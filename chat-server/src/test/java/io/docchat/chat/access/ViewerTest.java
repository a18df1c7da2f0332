package io.docchat.chat.access;

import io.docchat.elastic.Permissions;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ViewerTest {

    @Test
    void groupsComeFromGroupAuthoritiesOnly() {
        var auth = new TestingAuthenticationToken("erin", null, "ROLE_USER", "GROUP_sales", "GROUP_/eng", "SCOPE_x", "GROUP_");
        auth.setAuthenticated(true);
        Viewer v = Viewer.of(auth);
        assertThat(v.groups()).containsExactly("/eng", "sales");
        assertThat(v.readable()).containsExactly(Permissions.PUBLIC, "/eng", "sales");
    }

    @Test
    void anonymousAndMissingAuthenticationReadPublicOnly() {
        assertThat(Viewer.of(null)).isEqualTo(Viewer.PUBLIC);
        var anonymous = new AnonymousAuthenticationToken("k", "anon", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS", "ROLE_USER"));
        assertThat(Viewer.of(anonymous).readable()).containsExactly(Permissions.PUBLIC);
        assertThat(Viewer.PUBLIC.partition()).isEqualTo("public");
    }

    @Test
    void aChunkIsReadableWhenPublicOrSharingAGroup() {
        Viewer eng = Viewer.ofGroups(List.of("eng"));
        assertThat(eng.canRead(List.of(Permissions.PUBLIC))).isTrue();
        assertThat(eng.canRead(List.of("sales", "eng"))).isTrue();
        assertThat(eng.canRead(List.of("sales"))).isFalse();
        assertThat(eng.canRead(List.of())).as("no readers: nobody").isFalse();
        assertThat(Viewer.PUBLIC.canRead(List.of("eng"))).isFalse();
    }

    @Test
    void thePartitionNamesTheGroupSetNotItsOrderAndHidesTheNames() {
        String a = Viewer.ofGroups(List.of("eng", "sales")).partition();
        assertThat(Viewer.ofGroups(List.of("sales", "eng")).partition()).isEqualTo(a);
        assertThat(Viewer.ofGroups(List.of("eng")).partition()).isNotEqualTo(a);
        assertThat(Viewer.ofGroups(List.of("eng\u0000sales")).partition()).as("no ambiguity from joining").isNotEqualTo(a);
        assertThat(a).doesNotContain("eng").doesNotContain("sales").startsWith("g");
    }
}
