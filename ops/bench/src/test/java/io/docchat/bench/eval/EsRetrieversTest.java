package io.docchat.bench.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EsRetrieversTest {

    @Test
    void chunkIdsMapBackToTheirDocument() {
        assertThat(EsRetrievers.docIdOf("4983#0")).isEqualTo("4983");
        assertThat(EsRetrievers.docIdOf("docs/a#b.md#12")).isEqualTo("docs/a#b.md");
        assertThat(EsRetrievers.docIdOf("plain")).isEqualTo("plain");
    }
}
