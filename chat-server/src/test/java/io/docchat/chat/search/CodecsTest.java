package io.docchat.chat.search;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecsTest {

    @Test
    void resultsSurviveTheRedisEncoding() {
        SearchResult r = new SearchResult(List.of(new SearchResult.Hit("d#0", "d", "s", "T", "H > I", "https://x#a",
                "<em>x</em>", "text", 0.0325, Set.of("bm25", "knn"))), "idx-v3", 12, false);
        SearchResult back = Codecs.RESULT.decode(Codecs.RESULT.encode(r));
        assertThat(back).isEqualTo(r);
    }

    @Test
    void resultsWithNonAsciiTextNullsAndManyHitsSurviveAndBadBytesAreRefused() {
        List<SearchResult.Hit> hits = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            hits.add(new SearchResult.Hit("d" + i + "#" + i, "d" + i, "s", i % 2 == 0 ? null : "Título β " + i, "",
                    "docs/a.pdf#page=" + i, "… &lt;b&gt; <em>IL-6</em> – naïve 😀", "x".repeat(3000 + i) + " ✓",
                    i == 0 ? Double.NaN : -i / 7.0, i % 3 == 0 ? Set.of() : Set.of("knn")));
        }
        SearchResult r = new SearchResult(hits, "docchat-chunks-v3@12", 1L << 40, true);
        byte[] bytes = Codecs.RESULT.encode(r);
        SearchResult back = Codecs.RESULT.decode(bytes);
        assertThat(back.hits()).hasSize(50);
        assertThat(back).isEqualTo(r);

        // the JSON of earlier versions, a cut-off entry and trailing bytes are not results (the cache reads a miss)
        assertThatThrownBy(() -> Codecs.RESULT.decode("{\"hits\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codecs.RESULT.decode(java.util.Arrays.copyOf(bytes, bytes.length - 5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codecs.RESULT.decode(java.util.Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        // a damaged hit count (2^62) is refused before anything is sized by it
        byte[] hugeCount = {Codecs.RESULT_FORMAT, 1, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
        assertThatThrownBy(() -> Codecs.RESULT.decode(hugeCount)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hits in");
    }

    @Test
    void vectorsSurviveTheRedisEncoding() {
        float[] v = {0.5f, -1.25f, 3e-7f};
        assertThat(Codecs.VECTOR.decode(Codecs.VECTOR.encode(v))).containsExactly(v);
        assertThat(Codecs.VECTOR.encode(v)).hasSize(12);
    }
}
