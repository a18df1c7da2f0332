package io.docchat.bench.eval;

import io.docchat.bench.beir.BeirDataset;
import io.docchat.bench.embed.CachingEmbedder;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.BgeSmallEmbedder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A BEIR collection indexed through the product's pipeline ({@link PipelineIndexer}: the batch-indexer's
 * {@code index-docs} job, embeddings cached under {@code .local/bench/embeddings}) under an index prefix of its
 * own, for harnesses outside this package that need a live index to run a chat server against (the LLM cost
 * replay). Kept when it is already there and not empty, so reruns do not pay for the model again.
 */
public final class CollectionIndex {

    private CollectionIndex() {
    }

    /** Ensures {@code prefix}'s alias serves {@code data}; returns the live index name. */
    public static String ensure(Path root, BeirDataset data, Path folder, String esUrl, String jdbcUrl, String prefix,
                                boolean reuse, PrintStream log) throws IOException {
        EvalOptions opts = EvalOptions.parse(new String[]{"--root", root.toString(), "--data", folder.toString(),
                "--es", esUrl, "--jdbc", jdbcUrl, "--prefix", prefix});
        ElasticProperties props = ElasticProperties.local(esUrl, prefix);
        var client = ElasticClientFactory.create(props);
        try {
            IndexManager indexes = new IndexManager(client, props);
            Optional<String> live = indexes.readIndex().filter(i -> indexes.count(i) > 0);
            if (reuse && live.isPresent()) {
                log.printf("reusing %s (%d chunks)%n", live.get(), indexes.count(live.get()));
                return live.get();
            }
            indexes.versions().forEach(indexes::deleteIndex);
            long t0 = System.nanoTime();
            try (CachingEmbedder embedder = new CachingEmbedder(new BgeSmallEmbedder(2), root.resolve(".local/bench/embeddings"));
                 PipelineIndexer pipeline = new PipelineIndexer(opts, embedder, log)) {
                String index = pipeline.index(data);
                log.printf("indexed %s into %s (%d chunks) in %.1f s; embedding cache: %d hits, %d computed%n",
                        data.name(), index, indexes.count(index), (System.nanoTime() - t0) / 1e9, embedder.hits(), embedder.misses());
                return index;
            }
        } finally {
            client._transport().close();
        }
    }

    /** Drops the prefix's indexes (the manifest rows stay; the next {@link #ensure} without reuse clears them). */
    public static void drop(String esUrl, String prefix) throws IOException {
        ElasticProperties props = ElasticProperties.local(esUrl, prefix);
        var client = ElasticClientFactory.create(props);
        try {
            IndexManager indexes = new IndexManager(client, props);
            indexes.versions().forEach(indexes::deleteIndex);
        } finally {
            client._transport().close();
        }
    }
}
