package io.docchat.bench.eval;

import io.docchat.bench.beir.BeirDataset;
import io.docchat.bench.embed.CachingEmbedder;
import io.docchat.bench.metrics.QueryScores;
import io.docchat.bench.metrics.Ranked;
import io.docchat.bench.metrics.Summary;
import io.docchat.bench.metrics.TrecMetrics;
import io.docchat.chat.search.ProductRetrieval;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.BgeSmallEmbedder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The retrieval evaluation command: indexes a BEIR folder into its own index prefix, runs every test query in
 * each mode, prints nDCG@10, Recall@10, Recall@100 and MRR@10 (trec_eval definitions) next to the published
 * figures, and writes per-query scores and TREC run files. See ops/bench/README.md for the command line.
 */
public final class RetrievalEval {

    static final int DEPTH = 100;

    private RetrievalEval() {
    }

    /** Fusion methods every run reports beside the configured one, on the same lists (modes product-hybrid@method). */
    static final List<String> FUSION_CANDIDATES = List.of("convex", "rrf", "dbsf", "adaptive", "learned");

    public static void main(String[] argv) throws IOException {
        suite(argv, System.out);
    }

    /**
     * Every collection {@code --data} names ({@link EvalOptions#collections}), one after the other, each with its
     * own table and per-query file, then the suite's table (means over the collections).
     */
    static Map<String, Map<String, List<QueryScores>>> suite(String[] argv, PrintStream out) throws IOException {
        Map<String, Map<String, List<QueryScores>>> suite = new LinkedHashMap<>();
        for (Path collection : EvalOptions.collections(argv)) {
            EvalOptions opts = EvalOptions.parse(EvalOptions.forCollection(argv, collection));
            suite.put(opts.data().getFileName().toString(), run(opts, out));
        }
        Report.printSuite(out, suite);
        return suite;
    }

    /** The whole command; returns the per-query scores by mode. */
    static Map<String, List<QueryScores>> run(EvalOptions opts, PrintStream out) throws IOException {
        BeirDataset data = BeirDataset.load(opts.data());
        out.printf("dataset %s: %d docs, %d queries with judgements%n", data.name(), data.corpus().size(),
                data.queries().size());
        ElasticProperties props = ElasticProperties.local(opts.esUrl(), opts.prefix());
        try (var client = new AutoCloseableClient(ElasticClientFactory.create(props));
             CachingEmbedder embedder = new CachingEmbedder(new BgeSmallEmbedder(opts.threads()),
                     opts.root().resolve(".local/bench/embeddings"));
             PipelineIndexer pipeline = new PipelineIndexer(opts, embedder, out)) {
            IndexManager indexes = new IndexManager(client.client(), props);
            var kept = opts.reuseIndex() ? indexes.readIndex().filter(i -> indexes.count(i) > 0) : java.util.Optional.<String>empty();
            if (kept.isEmpty()) {
                indexes.versions().forEach(indexes::deleteIndex);
            }
            long t0 = System.nanoTime();
            UnaryOperator<String> docIds;
            String index;
            if (kept.isPresent()) {
                // --reuse-index: a run with --keep-index left this collection's index live; searches only
                out.printf("reusing %s (--reuse-index)%n", kept.get());
                if (opts.indexer().equals("pipeline")) {
                    Map<String, String> ids = PipelineIndexer.beirIds(data);
                    docIds = id -> ids.getOrDefault(id, id);
                } else {
                    docIds = UnaryOperator.identity();
                }
                index = kept.get();
            } else if (opts.indexer().equals("pipeline")) {
                out.printf("indexing through the batch-indexer's index-docs job (prefix %s)%n", opts.prefix());
                Map<String, String> ids = PipelineIndexer.beirIds(data);
                docIds = id -> ids.getOrDefault(id, id);
                index = pipeline.index(data);
            } else {
                long missing = embedder.missing(data.corpus().stream().map(CorpusIndexer::passage).toList());
                out.printf("indexing directly, one chunk per document: %d of %d passages to embed%n", missing,
                        data.corpus().size());
                docIds = UnaryOperator.identity();
                index = new CorpusIndexer(indexes, embedder, out).index(data);
            }
            out.printf("indexed into %s (%d chunks) in %.1f s; embedding cache %s: %d hits, %d computed%n", index,
                    indexes.count(index), (System.nanoTime() - t0) / 1e9, embedder.file(), embedder.hits(),
                    embedder.misses());
            try {
                ProductRetrieval product = new ProductRetrieval(client.client(), opts.search());
                out.printf("product search settings: %s%n", product.settings());
                List<Retriever> base = new ArrayList<>();
                if (!opts.shortForm()) {
                    base.add(EsRetrievers.bm25(client.client(), index, docIds));
                    base.add(EsRetrievers.knn(client.client(), index, embedder, docIds));
                }
                ProductRetrievers productModes = new ProductRetrievers(product, index, embedder, docIds);
                base.addAll(productModes.modes());
                // the relevance floor on the same lists ("floor.*" keys of --search override its settings)
                Map<String, String> floorSettings = new LinkedHashMap<>();
                opts.search().forEach((k, val) -> {
                    if (k.startsWith("floor.")) {
                        floorSettings.put(k.substring(6), val);
                    }
                });
                FloorCalibration floor = new FloorCalibration(productModes, floorSettings);
                base.add(floor.mode());
                for (String method : opts.shortForm() ? List.<String>of() : FUSION_CANDIDATES) {
                    base.add(productModes.fused("product-hybrid@" + method, Map.of("method", method)));
                }
                for (var v : opts.variants().entrySet()) {
                    boolean fusionOnly = v.getValue().keySet().stream().allMatch(k -> k.startsWith("fusion."));
                    if (fusionOnly) {
                        Map<String, String> fusion = new LinkedHashMap<>();
                        opts.search().forEach((k, val) -> {
                            if (k.startsWith("fusion.")) {
                                fusion.put(k.substring(7), val);
                            }
                        });
                        v.getValue().forEach((k, val) -> fusion.put(k.substring(7), val));
                        out.printf("variant %s (fusion only, same lists): %s%n", v.getKey(), fusion);
                        base.add(productModes.fused("product-hybrid@" + v.getKey(), fusion));
                        continue;
                    }
                    Map<String, String> settings = new LinkedHashMap<>(opts.search());
                    settings.putAll(v.getValue());
                    ProductRetrieval variant = new ProductRetrieval(client.client(), settings);
                    out.printf("variant %s: %s%n", v.getKey(), variant.settings());
                    base.addAll(new ProductRetrievers(variant, index, embedder, docIds, "@" + v.getKey()).modes());
                }
                Map<String, List<QueryScores>> scores = evaluate(data, base, opts, out);
                if (opts.trainFusion()) {
                    double[] w = FusionTraining.fit(productModes, data.qrels());
                    String weights = FusionTraining.setting(w);
                    out.printf("learned fusion fitted on %s (in-sample): features %s%n  learned-weights=%s%n",
                            data.name(), ProductRetrieval.featureNames(), weights);
                    Retriever fitted = productModes.fused("product-hybrid@learned-fit",
                            Map.of("method", "learned", "learned-weights", weights));
                    List<QueryScores> fit = new ArrayList<>();
                    for (BeirDataset.Query q : data.queries()) {
                        fit.add(TrecMetrics.score(q.id(), fitted.retrieve(q.id(), q.text(), DEPTH), data.qrels().of(q.id())));
                    }
                    scores.put(fitted.name(), fit);
                }
                Report.print(out, data.name(), scores);
                floor.report(data, opts.out(), out);
                if (!opts.crossValidate().isEmpty()) {
                    CrossValidation.print(out, scores, "product-hybrid@" + opts.crossValidate());
                }
                Path perQuery = opts.out().resolve(data.name() + "-" + opts.indexer()
                        + (opts.label().isEmpty() ? "" : "-" + opts.label()) + "-per-query.tsv");
                Report.writePerQuery(perQuery, scores);
                out.printf("per-query scores: %s; run files: %s%n", perQuery, opts.runs());
                return scores;
            } finally {
                if (!opts.keepIndex() && !opts.reuseIndex()) {
                    pipeline.cleanUp(indexes);
                }
            }
        }
    }

    /** Runs the base retrievers once per query and derives the fused modes from their lists. */
    static Map<String, List<QueryScores>> evaluate(BeirDataset data, List<Retriever> base, EvalOptions opts,
                                                   PrintStream out) throws IOException {
        Map<String, List<QueryScores>> scores = new LinkedHashMap<>();
        Map<String, RunWriter> runs = new LinkedHashMap<>();
        List<String> modes = new ArrayList<>();
        base.forEach(r -> modes.add(r.name()));
        boolean harness = base.stream().anyMatch(r -> r.name().equals("bm25"));
        if (harness) {
            modes.add("hybrid-rrf");
            modes.add("hybrid-cc");
            modes.add("hybrid-cc-z");
        }
        for (String m : modes) {
            scores.put(m, new ArrayList<>());
            runs.put(m, new RunWriter(opts.runs().resolve(data.name() + "-" + m + ".trec"), m));
        }
        long t0 = System.nanoTime();
        for (BeirDataset.Query q : data.queries()) {
            Map<String, List<Ranked>> lists = new LinkedHashMap<>();
            for (Retriever r : base) {
                lists.put(r.name(), r.retrieve(q.id(), q.text(), DEPTH));
            }
            if (harness) {
                List<Ranked> sparse = lists.get("bm25");
                List<Ranked> dense = lists.get("vector");
                lists.put("hybrid-rrf", Fusion.rrf(List.of(sparse, dense), new double[]{1, 1}, 60, DEPTH));
                lists.put("hybrid-cc", Fusion.convex(sparse, dense, 0.5, DEPTH));
                lists.put("hybrid-cc-z", Fusion.convexZ(sparse, dense, 0.5, DEPTH));
            }
            Map<String, Integer> judged = data.qrels().of(q.id());
            for (var e : lists.entrySet()) {
                scores.get(e.getKey()).add(TrecMetrics.score(q.id(), e.getValue(), judged));
                runs.get(e.getKey()).write(q.id(), TrecMetrics.trecOrder(e.getValue()));
            }
        }
        for (RunWriter w : runs.values()) {
            w.close();
        }
        out.printf("%d queries x %d modes in %.1f s%n", data.queries().size(), modes.size(),
                (System.nanoTime() - t0) / 1e9);
        return scores;
    }

    /** The ES client is Closeable only through its transport. */
    record AutoCloseableClient(co.elastic.clients.elasticsearch.ElasticsearchClient client) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client._transport().close();
        }
    }

    static Summary summary(List<QueryScores> perQuery) {
        return Summary.of(perQuery);
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("ops").toFile().isDirectory()) {
            p = p.getParent();
        }
        return p == null ? Path.of("").toAbsolutePath() : p;
    }
}
