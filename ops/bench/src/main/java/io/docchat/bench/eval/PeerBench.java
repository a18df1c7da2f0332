package io.docchat.bench.eval;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.docchat.bench.beir.BeirDataset;
import io.docchat.bench.embed.CachingEmbedder;
import io.docchat.bench.metrics.QueryScores;
import io.docchat.bench.metrics.Ranked;
import io.docchat.bench.metrics.Summary;
import io.docchat.bench.metrics.TrecMetrics;
import io.docchat.bench.peers.LangChain4jPeer;
import io.docchat.bench.peers.Peer;
import io.docchat.bench.peers.SpringAiPeer;
import io.docchat.chat.search.ProductRetrieval;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.BgeSmallEmbedder;
import io.docchat.elastic.embed.Embedder;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * DocChat beside the Java peers, Spring AI's {@code ElasticsearchVectorStore} and LangChain4j's
 * {@code ElasticsearchEmbeddingStore}, on the same cluster and the same model, in one run:
 * (1) ingestion of the first {@code --docs} abstracts with the model really running (no cache; DocChat under a
 * fresh model id so its embedding cache cannot help), each side timed around its own write path, in
 * {@code --repeat} rounds whose order alternates (see {@link PeerIngestion}), medians reported;
 * (2) retrieval quality on the whole dataset, vectors from the harness's cache for all.
 * Command line as {@link RetrievalEval} plus {@code --docs N} (default 400) and {@code --repeat N} (default 3).
 */
public final class PeerBench {

    /** How a peer opens a store of its own on an index, embedding with the given model. */
    interface Opener {
        Peer open(ElasticsearchClient client, String index, Embedder embedder);
    }

    /** A peer under test: its name in the report, its index-name slug, and how to open it. */
    record PeerKind(String name, String slug, Opener opener) {
    }

    private static final List<PeerKind> PEERS = List.of(
            new PeerKind("Spring AI ElasticsearchVectorStore", "springai", SpringAiPeer::new),
            new PeerKind("LangChain4j ElasticsearchEmbeddingStore", "langchain4j", LangChain4jPeer::new));

    private PeerBench() {
    }

    public static void main(String[] argv) throws IOException {
        EvalOptions opts = options(argv);
        int n = docs(argv);
        PrintStream out = System.out;
        BeirDataset data = BeirDataset.load(opts.data());
        String run = UUID.randomUUID().toString().substring(0, 8);
        out.printf(Locale.ROOT, "peer bench %s: load average at start %s%n", run, loadAverage());
        ElasticProperties props = ElasticProperties.local(opts.esUrl(), "bench-peer-docchat-" + run);
        try (var client = new RetrievalEval.AutoCloseableClient(ElasticClientFactory.create(props));
             BgeSmallEmbedder raw = new BgeSmallEmbedder(opts.threads());
             CachingEmbedder cached = new CachingEmbedder(raw, opts.root().resolve(".local/bench/embeddings"))) {
            List<BeirDataset.Doc> subset = data.corpus().subList(0, Math.min(n, data.corpus().size()));

            // warm the model (ONNX sessions, JIT) on texts outside the subset, so no side pays for it
            raw.embedPassages(passages(data.corpus().subList(data.corpus().size() - 32, data.corpus().size()))
                    .stream().map(Peer.Passage::text).toList());
            // 1. ingestion rounds, model running, the order alternating between rounds
            BeirDataset sub = new BeirDataset(data.name() + "-" + subset.size(), subset, data.queries(), data.qrels());
            PeerIngestion ingestion = new PeerIngestion(client.client(), opts, raw, run, out);
            List<Map<String, PeerIngestion.Side>> rounds = new ArrayList<>();
            for (int r = 0; r < repeats(argv); r++) {
                rounds.add(ingestion.round(r, sub, PEERS));
                out.printf(Locale.ROOT, "ingestion round %d: %s; load average %s%n", r + 1, rounds.getLast(), loadAverage());
            }

            // 2. quality on the whole dataset, cached vectors on every side
            Map<String, Summary> peerQuality = new LinkedHashMap<>();
            for (PeerKind kind : PEERS) {
                peerQuality.put(kind.name(), quality(kind, client.client(), "bench-peer-" + kind.slug() + "-q-" + run,
                        cached, data));
            }
            Map<String, List<QueryScores>> scores;
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
            out.printf(Locale.ROOT, "load average at the end %s; embedding cache %d hits, %d computed%n",
                    loadAverage(), cached.hits(), cached.misses());
            report(out, subset.size(), rounds, peerQuality, scores);
        }
    }

    private static Summary quality(PeerKind kind, ElasticsearchClient client, String index, Embedder embedder,
                                   BeirDataset data) {
        List<QueryScores> perQuery = new ArrayList<>();
        try (Peer peer = kind.opener().open(client, index, embedder)) {
            peer.add(passages(data.corpus()), 256);
            for (BeirDataset.Query q : data.queries()) {
                List<Ranked> ranked = peer.search(q.text(), RetrievalEval.DEPTH).stream()
                        .map(h -> new Ranked(h.id(), h.score())).toList();
                perQuery.add(TrecMetrics.score(q.id(), ranked, data.qrels().of(q.id())));
            }
        }
        return Summary.of(perQuery);
    }

    private static void report(PrintStream out, int docs, List<Map<String, PeerIngestion.Side>> rounds,
                               Map<String, Summary> peers, Map<String, List<QueryScores>> scores) {
        out.printf(Locale.ROOT, "%n## Ingestion, %d documents, model running: median of %d rounds%n%n", docs,
                rounds.size());
        out.printf(Locale.ROOT, "| system | seconds | docs/s | passages | passages/s | tokens | tokens/s |%n"
                + "|---|---|---|---|---|---|---|%n");
        Map<String, PeerIngestion.Side> median = new LinkedHashMap<>();
        for (String name : rounds.getFirst().keySet()) {
            List<PeerIngestion.Side> sides = rounds.stream().map(r -> r.get(name)).toList();
            double seconds = median(sides.stream().map(PeerIngestion.Side::seconds).toList());
            median.put(name, new PeerIngestion.Side(seconds, sides.getFirst().passages(), sides.getFirst().tokens()));
        }
        median.forEach((name, m) -> out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %d | %.1f | %d | %.0f |%n", name,
                m.seconds(), docs / m.seconds(), m.passages(), m.passages() / m.seconds(), m.tokens(),
                m.tokens() / m.seconds()));
        PeerIngestion.Side docchat = median.get(PeerIngestion.DOCCHAT);
        median.forEach((name, m) -> {
            if (m != docchat) {
                out.printf(Locale.ROOT, "DocChat / %s: %.2f x in docs/s, %.2f x in passages/s, %.2f x in tokens/s%n",
                        name, m.seconds() / docchat.seconds(),
                        (docchat.passages() / docchat.seconds()) / (m.passages() / m.seconds()),
                        (docchat.tokens() / docchat.seconds()) / (m.tokens() / m.seconds()));
            }
        });

        out.printf(Locale.ROOT, "%n## Quality, whole dataset (nDCG@10, Recall@100, nDCG@10 ratio to each peer)%n%n");
        StringBuilder head = new StringBuilder("| system | nDCG@10 | Recall@100 |");
        peers.keySet().forEach(name -> head.append(" / ").append(name).append(" |"));
        out.println(head);
        out.println("|---|---|---|" + "---|".repeat(peers.size()));
        peers.forEach((name, s) -> out.println(row(name + " (kNN, store defaults)", s, peers)));
        scores.forEach((mode, perQuery) -> out.println(row("DocChat " + mode, Summary.of(perQuery), peers)));
    }

    private static String row(String name, Summary s, Map<String, Summary> peers) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.4f | %.4f |", name, s.ndcg10(),
                s.recall100()));
        peers.values().forEach(p -> line.append(String.format(Locale.ROOT, " %.3f |", s.ndcg10() / p.ndcg10())));
        return line.toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f (1 min)",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static List<Peer.Passage> passages(List<BeirDataset.Doc> docs) {
        return docs.stream().map(d -> new Peer.Passage(d.id(), CorpusIndexer.passage(d))).toList();
    }

    /** The evaluation's options, but run files under {@code runs/peers} so the evaluation's own are not overwritten. */
    private static EvalOptions options(String[] argv) {
        EvalOptions opts = EvalOptions.parse(argv);
        if (List.of(argv).contains("--runs")) {
            return opts;
        }
        List<String> args = new ArrayList<>(List.of("--runs", opts.runs().resolve("peers").toString()));
        args.addAll(List.of(argv));
        return EvalOptions.parse(args.toArray(String[]::new));
    }

    private static int docs(String[] argv) {
        return intArg(argv, "--docs", 400);
    }

    private static int repeats(String[] argv) {
        return intArg(argv, "--repeat", 3);
    }

    private static int intArg(String[] argv, String name, int fallback) {
        for (int i = 0; i + 1 < argv.length; i++) {
            if (argv[i].equals(name)) {
                return Integer.parseInt(argv[i + 1]);
            }
        }
        return fallback;
    }
}
