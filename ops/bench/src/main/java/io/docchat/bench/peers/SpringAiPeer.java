package io.docchat.bench.peers;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.docchat.elastic.embed.Embedder;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.elasticsearch.ElasticsearchVectorStore;
import org.springframework.ai.vectorstore.elasticsearch.ElasticsearchVectorStoreOptions;
import org.springframework.ai.vectorstore.elasticsearch.SimilarityFunction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spring AI's {@code ElasticsearchVectorStore} as a Java team would set it up: its own index (created by the
 * store), cosine similarity, documents added through {@code add}, queries through {@code similaritySearch}
 * with the store's defaults. Only the embedding model is DocChat's, so the comparison is of the stores.
 */
public final class SpringAiPeer implements Peer {

    private final ElasticsearchClient client;
    private final String index;
    private final ElasticsearchVectorStore store;

    public SpringAiPeer(ElasticsearchClient client, String index, Embedder embedder) {
        this.client = client;
        this.index = index;
        ElasticsearchVectorStoreOptions options = new ElasticsearchVectorStoreOptions();
        options.setIndexName(index);
        options.setDimensions(embedder.spec().dimensions());
        options.setSimilarity(SimilarityFunction.cosine);
        this.store = ElasticsearchVectorStore.builder(((RestClientTransport) client._transport()).restClient(),
                        new BgeEmbeddingModel(embedder))
                .options(options)
                .initializeSchema(true)
                .build();
        try {
            store.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("Spring AI could not create its index " + index, e);
        }
    }

    @Override
    public void add(List<Passage> passages, int batch) {
        for (int from = 0; from < passages.size(); from += batch) {
            List<Document> docs = new ArrayList<>();
            for (Passage p : passages.subList(from, Math.min(passages.size(), from + batch))) {
                docs.add(new Document(p.id(), p.text(), Map.of()));
            }
            store.add(docs);
        }
        try {
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Hit> search(String query, int k) {
        List<Hit> out = new ArrayList<>();
        for (Document d : store.similaritySearch(SearchRequest.builder().query(query).topK(k).similarityThresholdAll().build())) {
            out.add(new Hit(d.getId(), d.getScore() == null ? 0 : d.getScore()));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
