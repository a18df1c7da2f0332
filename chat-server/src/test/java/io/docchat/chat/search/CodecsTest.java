package io.docchat.chat.search;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CodecsTest {

    @Test
    void resultsSurviveTheRedisEncoding() {
        SearchResult r = new SearchResult(List.of(new SearchResult.Hit("d#0", "d", "s", "T", "H > I", "https://x#a",
                "<em>x</em>", "text", 0.0325, Set.of("bm25", "knn"))), "idx-v3", 12, false);
        SearchResult back = Codecs.RESULT.decode(Codecs.RESULT.encode(r));
        assertThat(back).isEqualTo(r);
    }

    @Test
    void vectorsSurviveTheRedisEncoding() {
        float[] v = {0.5f, -1.25f, 3e-7f};
        assertThat(Codecs.VECTOR.decode(Codecs.VECTOR.encode(v))).containsExactly(v);
        assertThat(Codecs.VECTOR.encode(v)).hasSize(12);
    }
}
