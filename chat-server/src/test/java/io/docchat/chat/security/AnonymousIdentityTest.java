package io.docchat.chat.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnonymousIdentityTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef-test";

    @Test
    void mintedIdsAreDistinctAndVerifyOnlyWithTheirSignature() {
        AnonymousIdentity ids = new AnonymousIdentity(KEY, true);
        String one = ids.mint();
        String two = ids.mint();
        assertThat(ids.verify(one)).isPresent().get().isEqualTo(one.substring(0, one.indexOf('.')));
        assertThat(ids.verify(one)).isNotEqualTo(ids.verify(two));
        String id = one.substring(0, one.indexOf('.'));
        assertThat(ids.verify(id + two.substring(two.indexOf('.')))).as("another id's signature").isEmpty();
        assertThat(ids.verify("AAAAAAAAAAAAAAAAAAAAAA." + one.substring(one.indexOf('.') + 1))).isEmpty();
        assertThat(ids.verify(one + "x")).isEmpty();
        assertThat(ids.verify("my-laptop-0000001")).isEmpty();
        assertThat(ids.verify(null)).isEmpty();
        assertThat(new AnonymousIdentity(KEY.replace('0', '1'), true).verify(one)).as("another key").isEmpty();
        assertThat(new AnonymousIdentity(KEY, false).verify(one)).as("the same key on another replica").isPresent();
    }

    @Test
    void prodNeedsAKeyOfAtLeast32Bytes() {
        assertThatThrownBy(() -> new AnonymousIdentity(null, true)).hasMessageContaining("DOCCHAT_ANONYMOUS_COOKIE_KEY");
        assertThatThrownBy(() -> new AnonymousIdentity("short", false)).hasMessageContaining("at least 32 bytes");
        AnonymousIdentity random = new AnonymousIdentity("", false);
        assertThat(random.verify(random.mint())).isPresent();
    }
}
