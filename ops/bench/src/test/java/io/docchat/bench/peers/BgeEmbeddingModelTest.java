package io.docchat.bench.peers;

import io.docchat.elastic.EmbeddingSpec;
import io.docchat.elastic.embed.Embedder;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingRequest;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer must embed exactly as DocChat does: queries with the query path, passages without. */
class BgeEmbeddingModelTest {

    private final Embedder marking = new Embedder() {
        public EmbeddingSpec spec() {
            return new EmbeddingSpec("test", 2, "cosine");
        }

        public float[] embedQuery(String q) {
            return new float[]{1, q.length()};
        }

        public List<float[]> embedPassages(List<String> ps) {
            return ps.stream().map(p -> new float[]{0, p.length()}).toList();
        }

        public int countTokens(String t) {
            return 1;
        }

        public int maxTokens() {
            return 512;
        }
    };

    private final BgeEmbeddingModel model = new BgeEmbeddingModel(marking);

    @Test
    void queriesGoThroughTheQueryPathAndPassagesDoNot() {
        assertThat(model.embed("abc")).containsExactly(1, 3);
        assertThat(model.embed(new Document("d1", "abcd", Map.of()))).containsExactly(0, 4);
        var response = model.call(new EmbeddingRequest(List.of("a", "bb"), null));
        assertThat(response.getResults()).extracting(e -> e.getOutput()[1]).containsExactly(1f, 2f);
        assertThat(response.getResults()).extracting(e -> e.getIndex()).containsExactly(0, 1);
        assertThat(model.dimensions()).isEqualTo(2);
    }
}
