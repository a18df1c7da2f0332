package io.docchat.bench.eval;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.docchat.bench.beir.BeirDataset;
import io.docchat.bench.peers.Peer;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.EmbeddingSpec;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.embed.ForwardingEmbedder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One round of {@link PeerBench}'s ingestion: the same documents through each peer's write path and DocChat's
 * {@code index-docs} job, the model really running on every side. What each side sent to the model is recorded
 * and its tokens counted after the clock stops, so sides that cut text differently compare in tokens/s too.
 */
final class PeerIngestion {

    /** One side's round: wall time, passages embedded and their tokens (each capped at the model's limit). */
    record Side(double seconds, long passages, long tokens) {
    }

    static final String DOCCHAT = "DocChat index-docs job";

    private final ElasticsearchClient client;
    private final EvalOptions opts;
    private final Embedder model;
    private final String run;
    private final PrintStream out;

    PeerIngestion(ElasticsearchClient client, EvalOptions opts, Embedder model, String run, PrintStream out) {
        this.client = client;
        this.opts = opts;
        this.model = model;
        this.run = run;
        this.out = out;
    }

    /** Round {@code r}: peers first on even rounds, DocChat first on odd ones, so neither always goes first. */
    Map<String, Side> round(int r, BeirDataset sub, List<PeerBench.PeerKind> peers) {
        Map<String, Side> sides = new LinkedHashMap<>();
        if (r % 2 == 1) {
            sides.put(DOCCHAT, docchat(r, sub));
        }
        for (PeerBench.PeerKind kind : peers) {
            sides.put(kind.name(), peer(r, kind, sub));
        }
        if (r % 2 == 0) {
            sides.put(DOCCHAT, docchat(r, sub));
        }
        return sides;
    }

    private Side peer(int r, PeerBench.PeerKind kind, BeirDataset sub) {
        Recording recording = new Recording(model, model.spec().modelId());
        List<Peer.Passage> passages = PeerBench.passages(sub.corpus());
        try (Peer peer = kind.opener().open(client, "bench-peer-" + kind.slug() + "-" + run + "-" + r, recording)) {
            long t0 = System.nanoTime();
            peer.add(passages, 64);
            return recording.side((System.nanoTime() - t0) / 1e9);
        }
    }

    /** DocChat under a fresh model id per round, so its embedding cache (keyed by model) starts empty. */
    private Side docchat(int r, BeirDataset sub) {
        String modelId = "bench/peer-" + run + "-" + r;
        String prefix = "bench-peer-docchat-" + run + "-" + r;
        EvalOptions ingestOpts = EvalOptions.parse(new String[]{"--root", opts.root().toString(), "--es", opts.esUrl(),
                "--jdbc", opts.jdbcUrl(), "--prefix", prefix});
        Recording recording = new Recording(model, modelId);
        try (PipelineIndexer pipeline = new PipelineIndexer(ingestOpts, recording, out)) {
            IndexManager indexes = new IndexManager(client, ElasticProperties.local(opts.esUrl(), prefix));
            pipeline.index(sub);
            Side side = recording.side(pipeline.jobSeconds());
            pipeline.cleanUp(indexes);
            return side;
        } finally {
            new JdbcTemplate(new DriverManagerDataSource(opts.jdbcUrl(), "postgres", ""))
                    .update("DELETE FROM indexer.embedding_cache WHERE model_id = ?", modelId);
        }
    }

    /** The model under a chosen id, remembering every passage it is asked to embed (not its queries). */
    private static final class Recording implements ForwardingEmbedder {
        private final Embedder delegate;
        private final String modelId;
        private final Queue<String> passages = new ConcurrentLinkedQueue<>();

        Recording(Embedder delegate, String modelId) {
            this.delegate = delegate;
            this.modelId = modelId;
        }

        Side side(double seconds) {
            List<String> seen = new ArrayList<>(passages);
            long tokens = seen.stream().mapToLong(p -> Math.min(delegate.countTokens(p), delegate.maxTokens())).sum();
            return new Side(seconds, seen.size(), tokens);
        }

        @Override
        public EmbeddingSpec spec() {
            EmbeddingSpec real = delegate.spec();
            return new EmbeddingSpec(modelId, real.dimensions(), real.similarity());
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            passages.addAll(texts);
            return delegate.embedPassages(texts);
        }

        @Override
        public Embedder delegate() {
            return delegate;
        }
    }
}
