package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Search throughput and latency over HTTP on SciFact (prints figures; not part of the test suite):
 * cache-miss and cache-hit hybrid search at 1, 8 and 32 clients, next to the limit measured in the same run
 * without HTTP (the embedder alone and {@code _msearch} alone; their CPU costs add on a shared box).
 *
 * <pre>mvn -B -ntp verify -pl chat-server -Dit.test=SearchBenchmark -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false
 *     -Ddocchat.bench=true [-Ddocchat.bench.out=ops/bench/results/search.md] [-Ddocchat.bench.ratelimit=false]</pre>
 */
class SearchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] CLIENTS = {1, 8, 32};

    @Test
    void searchOverHttp() throws Exception {
        assumeTrue(Boolean.getBoolean("docchat.bench"), "set -Ddocchat.bench=true to run the search benchmark");
        Path data = Path.of(System.getProperty("docchat.bench.data", TestServices.root().resolve("../shared/datasets/scifact").toString()));
        String prefix = System.getProperty("docchat.bench.prefix", "bench-scifact");
        ElasticProperties esProps = ElasticProperties.local(TestServices.elasticsearch().toString(), prefix);
        ElasticsearchClient client = ElasticClientFactory.create(esProps);
        IndexManager indexes = new IndexManager(client, esProps);
        Embedder embedder = TestServices.embedder();
        String index = SciFactIndex.ensure(indexes, embedder, data.resolve("corpus.jsonl"));
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("queries.jsonl"))) {
            if (!line.isBlank()) {
                queries.add(JSON.readTree(line).path("text").asText());
            }
        }
        SearchProperties props = new SearchProperties(new SearchProperties.FusionProperties(SearchProperties.FusionMethod.CONVEX, 60, 1, 1),
                100, 150, 3, 2, 1, Duration.ofSeconds(2), 200, 16384);
        HybridRetriever retriever = new HybridRetriever(client, props);
        Fusion fusion = Fusion.of(props.fusion());
        List<float[]> vectors = new ArrayList<>();
        for (String q : queries) {
            vectors.add(embedder.embedQuery(q));
        }
        // The box is shared and noisy: each round measures the limit and then the HTTP runs right after it,
        // and the report gives the median of the rounds for every row.
        int rounds = Integer.getInteger("docchat.bench.rounds", 3);
        Map<String, List<Run>> rows = new java.util.LinkedHashMap<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // 1. the limit, in this JVM, no HTTP: the embedder alone, then Elasticsearch alone (precomputed vectors)
            Run embedAlone = run(8, queries.size(), i -> embedder.embedQuery(queries.get(i)));
            Run msearchAlone = run(8, queries.size(), i -> retriever.retrieve(index, new SearchQuery(queries.get(i), null, 10, 0), vectors.get(i)));
            Run esAlone = run(8, queries.size(), i -> {
                SearchQuery q = new SearchQuery(queries.get(i), null, 10, 0);
                List<String> page = fusion.fuse(retriever.retrieve(index, q, vectors.get(i)).rankings()).stream()
                        .limit(10).map(Fusion.Fused::id).toList();
                retriever.fetch(index, q, page);
            });
            double limit = 1 / (1 / embedAlone.qps() + 1 / esAlone.qps());
            rows.computeIfAbsent("embedder alone (query embedding)|8", k -> new ArrayList<>()).add(embedAlone);
            rows.computeIfAbsent("_msearch alone (BM25 + kNN, ids, depth 100)|8", k -> new ArrayList<>()).add(msearchAlone);
            rows.computeIfAbsent("Elasticsearch alone (_msearch + fusion + page fetch with highlights)|8", k -> new ArrayList<>()).add(esAlone);
            rows.computeIfAbsent("**limit** = 1 / (1/embedder + 1/Elasticsearch)|8", k -> new ArrayList<>()).add(new Run(limit, 0, 0));
            // 2. through HTTP: a fresh server (empty L1) and Redis prefix (empty L2) per level, misses then hits
            for (int clients : CLIENTS) {
                String cachePrefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
                try (RedisKeys keys = new RedisKeys();
                     ServerInstance server = new ServerInstance(Map.of(
                             "docchat.elastic.index-prefix", prefix,
                             "docchat.cache.key-prefix", cachePrefix,
                             "docchat.ratelimit.key-prefix", cachePrefix + "rl:",
                             "docchat.ratelimit.anonymous-capacity", "1000000000",
                             "docchat.security.anonymous", "true",
                             "docchat.ratelimit.enabled", System.getProperty("docchat.bench.ratelimit", "true"),
                             "logging.level.root", "WARN"))) {
                    try {
                        http(server, 4, 100, i -> "warm up " + i + " " + queries.get(i)); // JIT, pools; not reused below
                        Run miss = http(server, clients, queries.size(), queries::get);
                        Run hit = http(server, clients, queries.size(), queries::get);
                        rows.computeIfAbsent("HTTP search, cache miss|" + clients, k -> new ArrayList<>()).add(miss);
                        rows.computeIfAbsent("HTTP search, cache hit (L1)|" + clients, k -> new ArrayList<>()).add(hit);
                        if (clients == 8) {
                            ratios.add(miss.qps() / limit);
                        }
                    } finally {
                        keys.deleteAll(cachePrefix);
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| what | clients | q/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|\n");
        rows.forEach((key, runs) -> {
            String[] parts = key.split("\\|");
            row(out, parts[0], Integer.parseInt(parts[1]), median(runs));
        });
        ratios.sort(null);
        out.append(String.format("%nCache-miss HTTP throughput at 8 clients / limit, per round: %s; median %.0f%%.%n",
                ratios.stream().map(r -> String.format("%.0f%%", 100 * r)).toList(), 100 * ratios.get(ratios.size() / 2)));
        String report = "# Search benchmark (SciFact, " + queries.size() + " queries, " + indexes.count(index) + " chunks)\n\n"
                + "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores (load average at the end: "
                + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + "); index `" + index
                + "`; medians of " + rounds + " rounds.\n\n"
                + out;
        System.out.println(report);
        String target = System.getProperty("docchat.bench.out");
        if (target != null) {
            Files.writeString(Path.of(target), report);
        }
        client.close();
    }

    private Run http(ServerInstance server, int clients, int n, java.util.function.IntFunction<String> query) throws Exception {
        return run(clients, n, i -> {
            try {
                var r = server.get("/api/v1/search?k=10&q=" + URLEncoder.encode(query.apply(i), StandardCharsets.UTF_8), null);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** n operations spread over {@code clients} threads, each taking the next index; latencies per op. */
    private static Run run(int clients, int n, IntConsumer op) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        op.accept(i);
                        latencies[i] = System.nanoTime() - t;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Run(n / seconds, latencies[n / 2] / 1e6, latencies[(int) Math.ceil(n * 0.99) - 1] / 1e6);
    }

    private static void row(StringBuilder out, String what, int clients, Run r) {
        if (r.p50() == 0) { // a derived figure (the limit) has no latencies
            out.append(String.format("| %s | %d | **%.0f** | | |%n", what, clients, r.qps()));
        } else {
            out.append(String.format("| %s | %d | %.0f | %.1f | %.1f |%n", what, clients, r.qps(), r.p50(), r.p99()));
        }
    }

    /** Median of each figure over the rounds. */
    private static Run median(List<Run> runs) {
        return new Run(mid(runs.stream().mapToDouble(Run::qps).toArray()), mid(runs.stream().mapToDouble(Run::p50).toArray()),
                mid(runs.stream().mapToDouble(Run::p99).toArray()));
    }

    private static double mid(double[] values) {
        Arrays.sort(values);
        return values[values.length / 2];
    }

    record Run(double qps, double p50, double p99) {
    }
}
