package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.testing.TestServices;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Search throughput and latency over HTTP on SciFact (prints figures; not part of the test suite):
 * cache-miss and cache-hit hybrid search at 1, 8 and 32 clients, next to the limits measured in the same
 * round without HTTP: the issue's (the embedder alone plus the {@code _msearch} alone) and the one with all of
 * the Elasticsearch work a query needs (plus the page fetch). Each HTTP row also says where the CPU went.
 *
 * <pre>mvn -B -ntp verify -pl chat-server -Dit.test=SearchBenchmark -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false
 *     -Ddocchat.bench=true [-Ddocchat.bench.out=ops/bench/results/search.md] [-Ddocchat.bench.rounds=3]
 *     [-Ddocchat.bench.variants=3 (wordings per SciFact claim: 300 claims x 3 = 900 distinct queries per run)]
 *     [-Ddocchat.bench.ratelimit=false] [-Ddocchat.bench.profile=/tmp/dir (JFR of 8-client misses and hits only)]</pre>
 */
class SearchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] CLIENTS = {1, 8, 32};
    private static final String ISSUE_LIMIT = "**issue's limit** = 1 / (1/embedder + 1/_msearch)";
    private static final String ES_LIMIT = "**all-ES-work limit** = 1 / (1/embedder + 1/(_msearch + _mget))";

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
        List<String> claims = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("queries.jsonl"))) {
            if (!line.isBlank()) {
                claims.add(JSON.readTree(line).path("text").asText());
            }
        }
        // Every run uses wordings no other run used ("<claim> (<tag> <v>)", `docchat.bench.variants` per claim), so a
        // miss is a miss on a server that stays up and warm, and runs last long enough (~10 s at 8 clients) to
        // outweigh JIT and GC noise. All wordings have the same shape, so they cost the same to embed and search.
        int variants = Integer.getInteger("docchat.bench.variants", 3);
        int n = claims.size() * variants;
        IntFunction<IntFunction<String>> wordings = tag -> i -> claims.get(i % claims.size()) + " (" + tag + " " + (i / claims.size() + 1) + ")";
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            queries.add(wordings.apply(0).apply(i));
        }
        // the product's defaults (application.yml), so the limit does the same Elasticsearch work as the server
        SearchProperties props = new SearchProperties(new SearchProperties.FusionProperties(SearchProperties.FusionMethod.CONVEX, 60, 1, 1),
                100, 150, 1, 1, 1, Duration.ofSeconds(2), 200, 16384);
        EsVariants es = new EsVariants(client, props);
        List<float[]> vectors = new ArrayList<>();
        for (String q : queries) {
            vectors.add(embedder.embedQuery(q));
        }
        String profile = System.getProperty("docchat.bench.profile");
        if (profile != null) {
            profile(Path.of(profile), prefix, queries);
            client.close();
            return;
        }
        // The box is shared and noisy: each round measures the limits and then the HTTP runs right after them,
        // and the report gives the median of the rounds for every row. One server (empty L1, own Redis prefix)
        // serves every HTTP run after a warm-up, as a long-running instance would.
        int rounds = Integer.getInteger("docchat.bench.rounds", 3);
        Map<String, List<BenchRun.Run>> rows = new LinkedHashMap<>();
        CpuMeter meter = new CpuMeter();
        List<Double> ratios = new ArrayList<>();
        try (Server server = new Server(prefix)) {
            warmUp(server, n, wordings);
            for (int round = 1; round <= rounds; round++) {
                // 1. the limits, in this JVM, no HTTP: the embedder alone, then Elasticsearch alone (precomputed vectors)
                BenchRun.Run embed = add(rows, "embedder alone (query embedding)", 8, cpu(meter, n, () ->
                        BenchRun.run(8, n, i -> embedder.embedQuery(queries.get(i)))));
                BenchRun.Run msearch = add(rows, "_msearch alone (BM25 + kNN, ids + scores, 100 deep)", 8, cpu(meter, n, () ->
                        BenchRun.run(8, n, i -> es.msearch(index, queries.get(i), vectors.get(i)))));
                BenchRun.Run product = add(rows, "_msearch + fusion + _mget of the page, snippets on the client (product)", 8,
                        cpu(meter, n, () -> BenchRun.run(8, n, i -> es.msearchAndMget(index, queries.get(i), vectors.get(i)))));
                add(rows, "_msearch + fusion + _search of the page with ES highlighting (before)", 8, cpu(meter, n, () ->
                        BenchRun.run(8, n, i -> es.msearchAndHighlightedSearch(index, queries.get(i), vectors.get(i)))));
                add(rows, "_msearch with the _source of all 200 candidates, snippets on the client", 8, cpu(meter, n, () ->
                        BenchRun.run(8, n, i -> es.msearchWithSources(index, queries.get(i), vectors.get(i)))));
                double issueLimit = 1 / (1 / embed.qps() + 1 / msearch.qps());
                add(rows, ISSUE_LIMIT, 8, BenchRun.Run.derived(issueLimit));
                add(rows, ES_LIMIT, 8, BenchRun.Run.derived(1 / (1 / embed.qps() + 1 / product.qps())));
                // 2. through HTTP: wordings never asked before (misses in L1 and L2), then the same again (L1 hits)
                for (int clients : CLIENTS) {
                    IntFunction<String> fresh = wordings.apply(round * 100 + clients);
                    BenchRun.Run miss = add(rows, "HTTP search, cache miss", clients, server.load(clients, n, fresh));
                    add(rows, "HTTP search, cache hit (L1)", clients, server.load(clients, n, fresh));
                    if (clients == 8) {
                        ratios.add(miss.qps() / issueLimit);
                    }
                }
            }
        }
        String report = report(claims.size() + " claims x " + variants + " wordings = " + queries.size(),
                indexes.count(index), index, rounds, rows, ratios);
        System.out.println(report);
        String target = System.getProperty("docchat.bench.out");
        if (target != null) {
            Files.writeString(Path.of(target), report);
        }
        client.close();
    }

    /**
     * Warm-up until the JIT has settled: batches of never-asked wordings at 8 clients until compiling took under
     * 5 % of a batch's time (at most 12 batches). A perf profile of the first version (one batch) showed the C1/C2
     * compiler threads using 23 % of the server JVM's CPU during the measured misses: a freshly started server,
     * not the steady state of a long-running one.
     */
    private static void warmUp(Server server, int n, IntFunction<IntFunction<String>> wordings) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int batch = 1; batch <= 12; batch++) {
            long compiledMs = jit.getTotalCompilationTime();
            long start = System.nanoTime();
            server.load(8, n, wordings.apply(-batch));
            double share = (jit.getTotalCompilationTime() - compiledMs) / ((System.nanoTime() - start) / 1e6);
            System.out.printf("warm-up batch %d: compiling took %.1f%% of the time%n", batch, 100 * share);
            if (share < 0.05) {
                return;
            }
        }
    }

    /** JFR ("profile" settings) of the server JVM under 8-client cache misses, then 8-client cache hits. */
    private static void profile(Path dir, String prefix, List<String> queries) throws Exception {
        Files.createDirectories(dir);
        int n = queries.size() * 4; // four variants of each query, all distinct cache keys: ~40 s of misses
        IntFunction<String> variant = i -> queries.get(i % queries.size()) + (i < queries.size() ? "" : " v" + i / queries.size());
        try (Server server = new Server(prefix)) {
            server.load(8, queries.size(), i -> "warm up " + queries.get(i));
            for (String phase : List.of("miss", "hit")) {
                try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
                    r.start();
                    BenchRun.Run run = server.load(8, n, variant);
                    r.stop();
                    r.dump(dir.resolve("search-" + phase + ".jfr"));
                    System.out.printf("profile %s: %s%n", phase, run);
                }
            }
        }
    }

    /** A run without HTTP with the CPU it cost per operation: all of this JVM's (the work runs in the calling threads). */
    private static BenchRun.Run cpu(CpuMeter meter, int n, java.util.concurrent.Callable<BenchRun.Run> work) throws Exception {
        Map<String, Double> before = meter.read();
        BenchRun.Run run = work.call();
        Map<String, Double> after = meter.read();
        return new BenchRun.Run(run.qps(), run.meanMs(), run.p50(), run.p99(), 0, new double[0])
                .withCpu((after.get("jvm") - before.get("jvm")) / n,
                (after.get("elasticsearch") - before.get("elasticsearch")) / n, (after.get("redis") - before.get("redis")) / n);
    }

    private static BenchRun.Run add(Map<String, List<BenchRun.Run>> rows, String what, int clients, BenchRun.Run run) {
        rows.computeIfAbsent(what + "|" + clients, k -> new ArrayList<>()).add(run);
        return run;
    }

    private static String report(String queries, long chunks, String index, int rounds, Map<String, List<BenchRun.Run>> rows,
                                 List<Double> ratios) {
        StringBuilder out = new StringBuilder();
        out.append("| what | clients | q/s | mean ms | p50 ms | p99 ms | CPU ms/query: server JVM | load generator | Elasticsearch | Redis |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach((key, runs) -> {
            String[] parts = key.split("\\|");
            out.append(BenchRun.median(runs).row(parts[0], Integer.parseInt(parts[1]))).append('\n');
        });
        ratios.sort(null);
        out.append(String.format("%nCache-miss HTTP throughput at 8 clients / the issue's limit, per round: %s; median %.0f%%.%n",
                ratios.stream().map(r -> String.format("%.0f%%", 100 * r)).toList(), 100 * ratios.get(ratios.size() / 2)));
        return "# Search benchmark (SciFact, " + queries + " queries, " + chunks + " chunks)\n\n"
                + "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores (load average at the end: "
                + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + "); index `" + index
                + "`; medians of " + rounds + " rounds.\n\n" + out;
    }

    /** A chat server in this JVM with its own Redis prefix (empty L2), anonymous and rate-limited as configured. */
    private static final class Server implements AutoCloseable {

        private final String cachePrefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        private final RedisKeys keys = new RedisKeys();
        private final ServerInstance server;
        private final CpuMeter cpu = new CpuMeter();

        Server(String indexPrefix) {
            this.server = new ServerInstance(Map.of(
                    "docchat.elastic.index-prefix", indexPrefix,
                    "docchat.cache.key-prefix", cachePrefix,
                    "docchat.ratelimit.key-prefix", cachePrefix + "rl:",
                    "docchat.ratelimit.anonymous-capacity", "1000000000",
                    "docchat.security.anonymous", "true",
                    "docchat.ratelimit.enabled", System.getProperty("docchat.bench.ratelimit", "true"),
                    "logging.level.root", "WARN"));
        }

        BenchRun.Run load(int clients, int n, IntFunction<String> query) throws Exception {
            Map<String, Double> before = cpu.read();
            BenchRun.Run run = BenchRun.http(server.port(), clients, n,
                    i -> "/api/v1/search?k=10&q=" + URLEncoder.encode(query.apply(i), StandardCharsets.UTF_8));
            Map<String, Double> after = cpu.read();
            double jvm = (after.get("jvm") - before.get("jvm")) / n;
            return run.withCpu(jvm - run.clientCpuMs(), (after.get("elasticsearch") - before.get("elasticsearch")) / n,
                    (after.get("redis") - before.get("redis")) / n);
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                keys.deleteAll(cachePrefix);
                keys.close();
            }
        }
    }
}
