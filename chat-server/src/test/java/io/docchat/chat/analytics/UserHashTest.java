package io.docchat.chat.analytics;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class UserHashTest {

    @Test
    void isTheHmacOfTheIdUnderTheKeyAndNeverTheId() throws Exception {
        UserHash hash = new UserHash("k3y");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("k3y".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("alice".getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        assertThat(hash.of("alice")).isEqualTo(expected).isEqualTo(hash.of("alice")).doesNotContain("alice");
        assertThat(hash.of("bob")).isNotEqualTo(expected);
        assertThat(new UserHash("another key").of("alice")).isNotEqualTo(expected);
        assertThat(hash.of(null)).isNull();
    }

    @Test
    void withoutAKeyHashesDifferPerProcessButStayStableWithinIt() {
        UserHash a = new UserHash("");
        UserHash b = new UserHash(null);
        assertThat(a.of("alice")).isEqualTo(a.of("alice")).isNotEqualTo(b.of("alice"));
    }
}
