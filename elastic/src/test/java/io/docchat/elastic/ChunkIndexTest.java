package io.docchat.elastic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkIndexTest {

    @Test
    void namesVersionsBehindAliases() {
        ChunkIndex names = new ChunkIndex("docchat-chunks");
        assertThat(names.readAlias()).isEqualTo("docchat-chunks");
        assertThat(names.writeAlias()).isEqualTo("docchat-chunks-write");
        assertThat(names.version(12)).isEqualTo("docchat-chunks-v12");
        assertThat(names.versionOf("docchat-chunks-v12")).hasValue(12);
        assertThat(names.versionOf("docchat-chunks-write")).isEmpty();
        assertThat(names.versionOf("other-v3")).isEmpty();
    }

    @Test
    void rejectsNamesElasticsearchWouldRefuse() {
        assertThatThrownBy(() -> new ChunkIndex("Docs")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkIndex("_x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void embeddingSpecRoundTripsThroughMeta() {
        EmbeddingSpec spec = new EmbeddingSpec("m", 384, "cosine");
        java.util.Map<String, String> meta = new java.util.HashMap<>();
        spec.toMeta().forEach((k, v) -> meta.put(k, String.valueOf(v)));
        assertThat(EmbeddingSpec.fromMeta(meta)).isEqualTo(spec);
        assertThatThrownBy(() -> new EmbeddingSpec("m", 0, "cosine")).isInstanceOf(IllegalArgumentException.class);
    }
}
