package io.docchat.bench.peers;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.docchat.elastic.embed.Embedder;

import java.util.List;

/**
 * LangChain4j's view of DocChat's embedder, the counterpart of {@link BgeEmbeddingModel}: segments (what
 * {@code EmbeddingStoreIngestor} and {@code embedAll} carry) go to {@link Embedder#embedPassages}, a bare string
 * (what {@code EmbeddingStoreContentRetriever} sends for the user's query) to {@link Embedder#embedQuery}, which
 * adds BGE's query instruction. The instruction lives only in the embedder.
 */
final class BgeLangChain4jModel implements EmbeddingModel {

    private final Embedder embedder;

    BgeLangChain4jModel(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<float[]> vectors = embedder.embedPassages(segments.stream().map(TextSegment::text).toList());
        return Response.from(vectors.stream().map(Embedding::from).toList());
    }

    /** The query route: LangChain4j's retrievers embed the user's text through this method. */
    @Override
    public Response<Embedding> embed(String query) {
        return Response.from(Embedding.from(embedder.embedQuery(query)));
    }

    @Override
    public Response<Embedding> embed(TextSegment segment) {
        return Response.from(Embedding.from(embedder.embedPassages(List.of(segment.text())).get(0)));
    }

    @Override
    public int dimension() {
        return embedder.spec().dimensions();
    }

    @Override
    public String modelName() {
        return embedder.spec().modelId();
    }
}
