package io.docchat.chat.analytics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalyticsPropertiesTest {

    private static AnalyticsProperties props(boolean enabled, String key, boolean required) {
        return new AnalyticsProperties(enabled, "docchat-analytics", List.of(), key, required, 10, 5, Duration.ofSeconds(1), true);
    }

    @Test
    void prodRefusesToStartWithoutAHashKeyAndSaysWhichVariable() {
        assertThatThrownBy(() -> props(true, " ", true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DOCCHAT_ANALYTICS_HASH_KEY");
        assertThat(props(true, "k", true).hashKey()).isEqualTo("k");
        assertThat(props(false, null, true).enabled()).isFalse(); // analytics off: no key needed
        assertThat(props(true, null, false).uris()).isEmpty();
    }
}
