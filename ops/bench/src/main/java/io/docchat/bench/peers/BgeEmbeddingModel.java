package io.docchat.bench.peers;

import io.docchat.elastic.embed.Embedder;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * Spring AI's view of DocChat's embedder, so the peer store runs the very same model: batches of passages go
 * to {@link Embedder#embedPassages}, a single query string to {@link Embedder#embedQuery} (BGE's query
 * instruction included, as the product does).
 */
final class BgeEmbeddingModel implements EmbeddingModel {

    private final Embedder embedder;

    BgeEmbeddingModel(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        List<float[]> vectors = embedder.embedPassages(request.getInstructions());
        List<Embedding> out = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            out.add(new Embedding(vectors.get(i), i));
        }
        return new EmbeddingResponse(out);
    }

    /** Spring AI's vector stores embed the search query through this method. */
    @Override
    public float[] embed(String query) {
        return embedder.embedQuery(query);
    }

    @Override
    public float[] embed(Document document) {
        return embedder.embedPassages(List.of(document.getText())).get(0);
    }

    @Override
    public int dimensions() {
        return embedder.spec().dimensions();
    }
}
