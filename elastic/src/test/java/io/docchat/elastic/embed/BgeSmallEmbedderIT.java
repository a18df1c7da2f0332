package io.docchat.elastic.embed;

import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BgeSmallEmbedderIT {

    private final Embedder embedder = TestServices.embedder();

    @Test
    void queriesLandNearTheirPassageAndVectorsAreUnitLength() {
        List<float[]> passages = embedder.embedPassages(List.of(
                "The cat sat on the warm windowsill all afternoon.",
                "Interest rates were raised by the central bank to curb inflation."));
        float[] q = embedder.embedQuery("monetary policy and inflation");
        assertThat(q).hasSize(384);
        assertThat(dot(q, q)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(dot(q, passages.get(1))).isGreaterThan(dot(q, passages.get(0)) + 0.1);
    }

    @Test
    void countsTokensWithTheModelTokenizerAndTruncatesLongInputs() {
        assertThat(embedder.countTokens("hello world")).isEqualTo(2);
        String longText = "word ".repeat(2000);
        assertThat(embedder.countTokens(longText)).isEqualTo(2000);
        assertThat(embedder.embedPassages(List.of(longText)).get(0)).hasSize(384);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
