package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.testing.TestServices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The test index: {@link SearchCorpus} embedded with the real model and bulk-written into a versioned
 * index behind a unique alias, built once per test JVM (the indexer module is not a dependency here).
 */
public final class SearchIndex {

    private static SearchIndex instance;

    private final String prefix;
    private final IndexManager indexes;
    private final ElasticsearchClient client;
    private final List<ChunkDocument> docs;

    private SearchIndex(String prefix) {
        this.prefix = prefix;
        ElasticProperties props = ElasticProperties.local(TestServices.elasticsearch().toString(), prefix);
        this.client = ElasticClientFactory.create(props);
        this.indexes = new IndexManager(client, props);
        Embedder embedder = TestServices.embedder();
        List<ChunkDocument> chunks = SearchCorpus.chunks();
        List<float[]> vectors = embedder.embedPassages(chunks.stream()
                .map(c -> c.title() + ". " + c.headingPath() + ". " + c.text()).toList());
        List<ChunkDocument> embedded = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            embedded.add(chunks.get(i).withEmbedding(vectors.get(i)));
        }
        this.docs = List.copyOf(embedded);
        String index = newVersion();
        indexes.swapTo(index);
        Runtime.getRuntime().addShutdownHook(new Thread(this::deleteAll));
    }

    public static synchronized SearchIndex get() {
        if (instance == null) {
            instance = new SearchIndex(TestServices.uniquePrefix("search"));
        }
        return instance;
    }

    public String prefix() {
        return prefix;
    }

    public IndexManager indexes() {
        return indexes;
    }

    public String live() {
        return indexes.readIndex().orElseThrow();
    }

    /** Writes the same chunks into the next version (not yet live) and returns its name. */
    public String newVersion() {
        return newVersion(TestServices.embedder().spec());
    }

    /** The same chunks and vectors in a version whose {@code _meta} records {@code spec} (a model change, simulated). */
    public String newVersion(io.docchat.elastic.EmbeddingSpec spec) {
        String index = indexes.createNextVersion(spec);
        List<BulkOperation> ops = docs.stream()
                .map(d -> BulkOperation.of(b -> b.index(i -> i.index(index).id(d.id()).document(d)))).toList();
        try {
            BulkResponse response = client.bulk(b -> b.operations(ops).refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
            if (response.errors()) {
                throw new IllegalStateException("bulk failed: " + response.items().stream()
                        .filter(i -> i.error() != null).findFirst().map(i -> i.error().reason()).orElse("?"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return index;
    }

    private void deleteAll() {
        try {
            indexes.versions().forEach(indexes::deleteIndex);
        } catch (RuntimeException ignored) {
            // best effort at JVM exit
        }
    }
}
