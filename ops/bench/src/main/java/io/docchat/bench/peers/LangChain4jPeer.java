package io.docchat.bench.peers;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.elasticsearch.ElasticsearchEmbeddingStore;
import io.docchat.elastic.embed.Embedder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * LangChain4j's {@code ElasticsearchEmbeddingStore} as its documentation sets it up: a {@code RestClient} and an
 * index name, nothing else. So its defaults hold: the index is created by Elasticsearch's dynamic mapping on the
 * first bulk request ({@code vector} becomes a 384-dimension cosine {@code dense_vector}, int8 HNSW on 8.19), and
 * search is {@code ElasticsearchConfigurationKnn}: a {@code knn} query with {@code num_candidates} unset, which
 * Elasticsearch takes as 1.5 × size. Passages are embedded with {@code embedAll} and written with {@code addAll},
 * queries embedded with {@code embed(String)}, as LangChain4j's ingestor and content retriever do.
 */
public final class LangChain4jPeer implements Peer {

    private final ElasticsearchClient client;
    private final String index;
    private final EmbeddingModel model;
    private final ElasticsearchEmbeddingStore store;

    public LangChain4jPeer(ElasticsearchClient client, String index, Embedder embedder) {
        this.client = client;
        this.index = index;
        this.model = new BgeLangChain4jModel(embedder);
        this.store = ElasticsearchEmbeddingStore.builder()
                .restClient(((RestClientTransport) client._transport()).restClient())
                .indexName(index)
                .build();
    }

    @Override
    public void add(List<Passage> passages, int batch) {
        for (int from = 0; from < passages.size(); from += batch) {
            List<Passage> slice = passages.subList(from, Math.min(passages.size(), from + batch));
            List<TextSegment> segments = slice.stream().map(p -> TextSegment.from(p.text())).toList();
            List<Embedding> embeddings = model.embedAll(segments).content();
            store.addAll(slice.stream().map(Passage::id).toList(), embeddings, segments);
        }
        try {
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Hit> search(String query, int k) {
        EmbeddingSearchRequest request = EmbeddingSearchRequest.builder()
                .queryEmbedding(model.embed(query).content())
                .maxResults(k)
                .build();
        List<Hit> out = new ArrayList<>(k);
        for (EmbeddingMatch<TextSegment> match : store.search(request).matches()) {
            out.add(new Hit(match.embeddingId(), match.score()));
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
