package io.docchat.bench.peers;

import io.docchat.elastic.embed.Embedder;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingRequest;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer must embed exactly as DocChat does: queries with the query path, passages without. */
class BgeEmbeddingModelTest {

    private final Embedder marking = new MarkingEmbedder();

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
