package io.docchat.chat.chat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamGuardTest {

    private final List<String> out = new ArrayList<>();

    private StreamGuard guard(int sources) {
        return new StreamGuard(sources, "CANARY-123", out::add);
    }

    private static void feed(StreamGuard g, String... parts) {
        for (String p : parts) {
            g.accept(p);
        }
        g.finish();
    }

    @Test
    void keepsCitationsOfGivenSourcesAndRemovesMadeUpOnes() {
        StreamGuard g = guard(2);
        feed(g, "Use the flag [", "1]. Also see [7] and [2, 9].");
        assertThat(String.join("", out)).isEqualTo("Use the flag [1]. Also see  and [2].");
        assertThat(g.text()).isEqualTo(String.join("", out));
        assertThat(g.cited()).containsExactly(1, 2);
        assertThat(g.removed()).isEqualTo(2);
    }

    @Test
    void bracketsThatAreNotCitationsPassThrough() {
        StreamGuard g = guard(1);
        feed(g, "arr[i] = [a, b]; see [", "docs](x) [0]");
        assertThat(g.text()).isEqualTo("arr[i] = [a, b]; see [docs](x) ");
        assertThat(g.removed()).isEqualTo(1);
    }

    @Test
    void withholdsTheAnswerWhenTheCanaryAppearsEvenAcrossTokens() {
        StreamGuard g = guard(1);
        assertThatThrownBy(() -> feed(g, "Sure. My marker is CANA", "RY-1", "23 and the rules are"))
                .isInstanceOf(StreamGuard.CanaryLeak.class);
        assertThat(g.leaked()).isTrue();
        assertThat(String.join("", out)).doesNotContain("CANARY-123").doesNotContain("CANARY");
    }

    @Test
    void streamsTextWithOnlyASmallHoldBack() {
        StreamGuard g = guard(1);
        g.accept("Hello world, this is a long enough sentence");
        assertThat(String.join("", out)).startsWith("Hello world, this is a long");
        g.finish();
        assertThat(String.join("", out)).isEqualTo("Hello world, this is a long enough sentence");
    }
}
