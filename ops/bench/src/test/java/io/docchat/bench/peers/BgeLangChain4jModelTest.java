package io.docchat.bench.peers;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import io.docchat.elastic.embed.Embedder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The LangChain4j adapter must embed exactly as DocChat does: queries with the query path, passages without. */
class BgeLangChain4jModelTest {

    private final Embedder marking = new MarkingEmbedder();

    private final BgeLangChain4jModel model = new BgeLangChain4jModel(marking);

    @Test
    void queryStringsGoThroughTheQueryPathAndSegmentsDoNot() {
        assertThat(model.embed("abc").content().vector()).containsExactly(1, 3);
        assertThat(model.embed(TextSegment.from("abcd")).content().vector()).containsExactly(0, 4);
        List<Embedding> all = model.embedAll(List.of(TextSegment.from("a"), TextSegment.from("bb"))).content();
        assertThat(all).extracting(e -> e.vector()[0]).containsExactly(0f, 0f);
        assertThat(all).extracting(e -> e.vector()[1]).containsExactly(1f, 2f);
        assertThat(model.dimension()).isEqualTo(2);
        assertThat(model.modelName()).isEqualTo("test");
    }
}
