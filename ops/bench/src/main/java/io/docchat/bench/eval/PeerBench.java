package io.docchat.bench.eval;

import io.docchat.bench.beir.BeirDataset;
import io.docchat.bench.embed.CachingEmbedder;
import io.docchat.bench.metrics.QueryScores;
import io.docchat.bench.metrics.Ranked;
import io.docchat.bench.metrics.Summary;
import io.docchat.bench.metrics.TrecMetrics;
import io.docchat.bench.peers.SpringAiPeer;
import io.docchat.chat.search.ProductRetrieval;
import io.docchat.elastic.EmbeddingSpec;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.BgeSmallEmbedder;
import io.docchat.elastic.embed.Embedder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * DocChat beside Spring AI's {@code ElasticsearchVectorStore} on the same cluster and the same model:
 * (1) ingestion of the first {@code --docs} abstracts with the model really running (no cache; DocChat under a
 * fresh model id so its embedding cache cannot help), each side timed around its own write path;
 * (2) retrieval quality on the whole dataset, vectors from the harness's cache for both.
 * Command line as {@link RetrievalEval} plus {@code --docs N} (default 400).
 */
public final class PeerBench {

    private PeerBench() {
    }

    public static void main(String[] argv) throws IOException {
        EvalOptions opts = EvalOptions.parse(argv);
        int n = docs(argv);
        PrintStream out = System.out;
        BeirDataset data = BeirDataset.load(opts.data());
        String run = UUID.randomUUID().toString().substring(0, 8);
        ElasticProperties props = ElasticProperties.local(opts.esUrl(), "bench-peer-docchat-" + run);
        try (var client = new RetrievalEval.AutoCloseableClient(ElasticClientFactory.create(props));
             BgeSmallEmbedder raw = new BgeSmallEmbedder(opts.threads());
             CachingEmbedder cached = new CachingEmbedder(raw, opts.root().resolve(".local/bench/embeddings"))) {
            List<BeirDataset.Doc> subset = data.corpus().subList(0, Math.min(n, data.corpus().size()));

            // warm the model (ONNX sessions, JIT) on texts outside the subset, so neither side pays for it
            raw.embedPassages(passages(data.corpus().subList(data.corpus().size() - 32, data.corpus().size()))
                    .stream().map(SpringAiPeer.Passage::text).toList());
            // 1a. Spring AI ingestion, model running
            double springSeconds;
            try (SpringAiPeer peer = new SpringAiPeer(client.client(), "bench-peer-springai-" + run, raw)) {
                long t0 = System.nanoTime();
                peer.add(passages(subset), 64);
                springSeconds = (System.nanoTime() - t0) / 1e9;
            }
            // 1b. DocChat's index-docs job on the same documents, model running
            String model = "bench/peer-" + run;
            EvalOptions ingestOpts = EvalOptions.parse(new String[]{"--root", opts.root().toString(), "--es", opts.esUrl(),
                    "--jdbc", opts.jdbcUrl(), "--prefix", "bench-peer-docchat-" + run});
            BeirDataset sub = new BeirDataset(data.name() + "-" + subset.size(), subset, data.queries(), data.qrels());
            double docchatSeconds;
            long docchatChunks;
            try (PipelineIndexer pipeline = new PipelineIndexer(ingestOpts, new Renamed(raw, model), out)) {
                IndexManager indexes = new IndexManager(client.client(), props);
                String index = pipeline.index(sub);
                docchatSeconds = pipeline.jobSeconds();
                docchatChunks = indexes.count(index);
                pipeline.cleanUp(indexes);
            } finally {
                new JdbcTemplate(new DriverManagerDataSource(opts.jdbcUrl(), "postgres", ""))
                        .update("DELETE FROM indexer.embedding_cache WHERE model_id = ?", model);
            }

            // 2. quality on the whole dataset, cached vectors on both sides
            Map<String, List<QueryScores>> scores;
            List<QueryScores> spring = new ArrayList<>();
            try (SpringAiPeer peer = new SpringAiPeer(client.client(), "bench-peer-springai-q-" + run, cached)) {
                peer.add(passages(data.corpus()), 256);
                for (BeirDataset.Query q : data.queries()) {
                    List<Ranked> ranked = peer.search(q.text(), RetrievalEval.DEPTH).stream()
                            .map(h -> new Ranked(h.id(), h.score())).toList();
                    spring.add(TrecMetrics.score(q.id(), ranked, data.qrels().of(q.id())));
                }
            }
            IndexManager indexes = new IndexManager(client.client(), props);
            try {
                String index = new CorpusIndexer(indexes, cached, out).index(data);
                List<Retriever> base = new ArrayList<>(List.of(
                        EsRetrievers.bm25(client.client(), index, UnaryOperator.identity()),
                        EsRetrievers.knn(client.client(), index, cached, UnaryOperator.identity())));
                base.addAll(new ProductRetrievers(new ProductRetrieval(client.client(), Map.of()), index, cached,
                        UnaryOperator.identity()).modes());
                scores = RetrievalEval.evaluate(data, base, opts, out);
            } finally {
                indexes.versions().forEach(indexes::deleteIndex);
            }
            report(out, subset.size(), springSeconds, docchatSeconds, docchatChunks, Summary.of(spring), scores);
        }
    }

    private static void report(PrintStream out, int docs, double springSeconds, double docchatSeconds, long chunks,
                               Summary spring, Map<String, List<QueryScores>> scores) {
        out.printf(Locale.ROOT, "%n## Ingestion, %d documents, model running (2 embedding threads)%n%n", docs);
        out.printf(Locale.ROOT, "| system | seconds | docs/s | passages embedded |%n|---|---|---|---|%n");
        out.printf(Locale.ROOT, "| Spring AI ElasticsearchVectorStore.add (batches of 64) | %.1f | %.1f | %d |%n",
                springSeconds, docs / springSeconds, docs);
        out.printf(Locale.ROOT, "| DocChat index-docs job | %.1f | %.1f | %d |%n", docchatSeconds, docs / docchatSeconds, chunks);
        out.printf(Locale.ROOT, "DocChat / Spring AI: %.2f x in docs/s, %.2f x in passages/s%n",
                springSeconds / docchatSeconds, (chunks / docchatSeconds) / (docs / springSeconds));
        out.printf(Locale.ROOT, "%n## Quality, whole dataset (nDCG@10 / Recall@100, ratio of nDCG@10 to Spring AI)%n%n");
        out.printf(Locale.ROOT, "| system | nDCG@10 | Recall@100 | ratio |%n|---|---|---|---|%n");
        out.printf(Locale.ROOT, "| Spring AI ElasticsearchVectorStore (kNN, store defaults) | %.4f | %.4f | 1.00 |%n",
                spring.ndcg10(), spring.recall100());
        scores.forEach((mode, perQuery) -> {
            Summary s = Summary.of(perQuery);
            out.printf(Locale.ROOT, "| DocChat %s | %.4f | %.4f | %.3f |%n", mode, s.ndcg10(), s.recall100(),
                    s.ndcg10() / spring.ndcg10());
        });
    }

    private static List<SpringAiPeer.Passage> passages(List<BeirDataset.Doc> docs) {
        return docs.stream().map(d -> new SpringAiPeer.Passage(d.id(), CorpusIndexer.passage(d))).toList();
    }

    private static int docs(String[] argv) {
        for (int i = 0; i + 1 < argv.length; i++) {
            if (argv[i].equals("--docs")) {
                return Integer.parseInt(argv[i + 1]);
            }
        }
        return 400;
    }

    /** The same model under another id, so DocChat's embedding cache (keyed by model) starts empty. */
    private record Renamed(Embedder delegate, String modelId) implements Embedder {
        public EmbeddingSpec spec() {
            EmbeddingSpec real = delegate.spec();
            return new EmbeddingSpec(modelId, real.dimensions(), real.similarity());
        }

        public float[] embedQuery(String query) {
            return delegate.embedQuery(query);
        }

        public List<float[]> embedPassages(List<String> passages) {
            return delegate.embedPassages(passages);
        }

        public int countTokens(String text) {
            return delegate.countTokens(text);
        }

        public int maxTokens() {
            return delegate.maxTokens();
        }

        public void close() {
        }
    }
}
