package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.testing.Machine;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.testing.TestServices;
import jdk.management.jfr.FlightRecorderMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 *     [-Ddocchat.bench.ratelimit=false] [-Ddocchat.bench.profile=/tmp/dir (JFR of 8-client misses and hits only)]
 *     [-Ddocchat.bench.server.jvm="..."] [-Ddocchat.bench.server.args="--docchat.search.admission.max-concurrent=4 ..."]</pre>
 */
class SearchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] CLIENTS = {1, 8, 32};
    private static final String ISSUE_LIMIT = "**issue's limit** = 1 / (1/embedder + 1/_msearch)";
    private static final String HIT = "HTTP search, cache hit (L1 or L2)";
    private static final String PIPELINE = "embedder then _msearch in each client thread (the limit's work, mixed as in the server)";
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
        SearchProperties props = new SearchProperties(new SearchProperties.FusionProperties(SearchProperties.FusionMethod.CONVEX, 60, 1, 1, java.util.List.of(0.5, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0)),
                100, 150, 1, 1, 1, Duration.ofSeconds(2), 200, 16384, org.springframework.util.unit.DataSize.ofMegabytes(64), false);
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
        CpuMeter meter = new CpuMeter(-1);
        List<Double> ratios = new ArrayList<>();
        List<Map<String, Double>> threads = new ArrayList<>();
        List<Double> pipelineRatios = new ArrayList<>();
        // CPU per query summed over the processes, which neighbours on a shared box disturb less than throughput
        List<Double> workRatios = new ArrayList<>();
        // where the cache-hit runs were answered: Caffeine's TinyLFU admits a key seen once into L1 only over a
        // colder one, so after the warm-up's thousands of one-off wordings many repeats are answered by Redis (L2)
        Map<Integer, List<Double>> l1Shares = new TreeMap<>();
        Map<Integer, List<Double>> l2Shares = new TreeMap<>();
        // Redis reads without an answer, summed over the measured rounds, by run ("miss 32"): a stall in the Redis
        // path times out every read in flight at once (seen at 32 clients), and an open breaker skips reads
        Map<String, Double> unanswered = new LinkedHashMap<>();
        // the share of the miss runs' page chunks that came from the server's chunk cache, not an _mget: every claim
        // recurs (three wordings a run, and in the warm-up), so with the cache on this is the best case, near 100 %
        Map<Integer, List<Double>> chunkShares = new TreeMap<>();
        try (BenchServer server = new BenchServer(prefix)) {
            server.warmUp(n, wordings);
            // round 0 runs everything once unrecorded: the warm-up batches only exercise 8-client misses
            for (int round = 0; round <= rounds; round++) {
                Map<String, List<BenchRun.Run>> into = round == 0 ? new LinkedHashMap<>() : rows;
                // 1. the limits, in this JVM, no HTTP: the embedder alone, then Elasticsearch alone (precomputed vectors)
                BenchRun.Run embed = add(into, "embedder alone (query embedding)", 8, cpu(meter, n, () ->
                        BenchRun.run(8, n, i -> embedder.embedQuery(queries.get(i)))));
                BenchRun.Run msearch = add(into, "_msearch alone (BM25 + kNN, ids + scores, 100 deep)", 8, cpu(meter, n, () ->
                        BenchRun.run(8, n, i -> es.msearch(index, queries.get(i), vectors.get(i)))));
                add(into, "_msearch with ids from stored fields (before 2026-11-28 05:00)", 8, cpu(meter, n, () ->
                        BenchRun.run(8, n, i -> es.msearchStoredIds(index, queries.get(i), vectors.get(i)))));
                BenchRun.Run product = add(into, "_msearch + fusion + _mget of the page, snippets on the client (product)", 8,
                        cpu(meter, n, () -> BenchRun.run(8, n, i -> es.msearchAndMget(index, queries.get(i), vectors.get(i)))));
                add(into, "_msearch + fusion + _search of the page with ES highlighting (before)", 8, cpu(meter, n, () ->
                        BenchRun.run(8, n, i -> es.msearchAndHighlightedSearch(index, queries.get(i), vectors.get(i)))));
                add(into, "_msearch with the _source of all 200 candidates, snippets on the client", 8, cpu(meter, n, () ->
                        BenchRun.run(8, n, i -> es.msearchWithSources(index, queries.get(i), vectors.get(i)))));
                // the same work done as the server does it, mixed on the cores: each query embedded, then searched
                BenchRun.Run pipeline = add(into, PIPELINE, 8, cpu(meter, n, () -> BenchRun.run(8, n,
                        i -> es.msearch(index, queries.get(i), embedder.embedQuery(queries.get(i))))));
                double issueLimit = 1 / (1 / embed.qps() + 1 / msearch.qps());
                add(into, ISSUE_LIMIT, 8, BenchRun.Run.derived(issueLimit));
                add(into, ES_LIMIT, 8, BenchRun.Run.derived(1 / (1 / embed.qps() + 1 / product.qps())));
                // 2. through HTTP: wordings never asked before (misses in L1 and L2), then the same again (L1 hits)
                for (int clients : CLIENTS) {
                    IntFunction<String> fresh = wordings.apply(round * 100 + clients);
                    Map<String, Double> threadsBefore = CpuMeter.byThread(server.process().pid());
                    double unansweredBefore = server.redisReadsUnanswered();
                    double[] chunksBefore = server.chunkLookups();
                    BenchRun.Run miss = add(into, "HTTP search, cache miss", clients, server.load(clients, n, fresh));
                    double[] chunksAfter = server.chunkLookups();
                    if (clients == 8) {
                        threads.add(perQuery(threadsBefore, CpuMeter.byThread(server.process().pid()), n));
                    }
                    double[] tiersBefore = server.resultHitsByTier();
                    double unansweredAfterMiss = server.redisReadsUnanswered();
                    add(into, HIT, clients, server.load(clients, n, fresh));
                    double[] tiersAfter = server.resultHitsByTier();
                    if (round > 0) {
                        unanswered.merge("miss " + clients, unansweredAfterMiss - unansweredBefore, Double::sum);
                        unanswered.merge("hit " + clients, server.redisReadsUnanswered() - unansweredAfterMiss, Double::sum);
                        l1Shares.computeIfAbsent(clients, c -> new ArrayList<>()).add((tiersAfter[0] - tiersBefore[0]) / n);
                        l2Shares.computeIfAbsent(clients, c -> new ArrayList<>()).add((tiersAfter[1] - tiersBefore[1]) / n);
                        double chunkHits = chunksAfter[0] - chunksBefore[0];
                        double chunks = chunkHits + chunksAfter[1] - chunksBefore[1];
                        chunkShares.computeIfAbsent(clients, c -> new ArrayList<>()).add(chunks == 0 ? 0 : chunkHits / chunks);
                    }
                    if (clients == 8 && round > 0) {
                        ratios.add(miss.qps() / issueLimit);
                        pipelineRatios.add(miss.qps() / pipeline.qps());
                        workRatios.add((embed.work() + msearch.work()) / miss.work());
                    }
                }
            }
        }
        String report = report(claims.size() + " claims x " + variants + " wordings = " + queries.size(),
                indexes.count(index), index, rounds, rows, ratios)
                + String.format("Cache-miss HTTP throughput at 8 clients / the mixed pipeline, per round in order: %s.%n",
                        pipelineRatios.stream().map(r -> String.format("%.0f%%", 100 * r)).toList())
                + String.format("CPU per query (all processes) of the limit's work (embedder + _msearch) / of an 8-client "
                                + "HTTP miss, per round in order: %s.%n",
                        workRatios.stream().map(r -> String.format("%.0f%%", 100 * r)).toList())
                + tierReport(l1Shares, l2Shares)
                + String.format("Cache-miss runs: share of the page chunks found in the server's chunk cache (no _mget), by clients "
                        + "(median of the rounds; docchat.search.chunk-cache-size=0 turns it off):%s.%n",
                        String.join(";", chunkShares.entrySet().stream().map(e -> String.format(" %d: %.0f%%", e.getKey(),
                                100 * BenchRun.medianOf(e.getValue()))).toList()))
                + String.format("Redis reads without an answer (failed, timed out or skipped by the breaker), both caches, "
                        + "summed over the %d rounds of %d queries per run: %s.%n", rounds, n,
                        unanswered.entrySet().stream().map(e -> String.format("%s clients %.0f", e.getKey(), e.getValue())).toList())
                + threadReport(threads.subList(1, threads.size()));
        System.out.println(report);
        String target = System.getProperty("docchat.bench.out");
        if (target != null) {
            Files.writeString(Path.of(target), report);
        }
        client.close();
    }

    /** JFR ("profile" settings) of the server JVM under 8-client cache misses, then 8-client cache hits. */
    private static void profile(Path dir, String prefix, List<String> queries) throws Exception {
        Files.createDirectories(dir);
        int n = queries.size() * 4; // four variants of each query, all distinct cache keys: ~40 s of misses
        IntFunction<String> variant = i -> queries.get(i % queries.size()) + (i < queries.size() ? "" : " v" + i / queries.size());
        try (BenchServer server = new BenchServer(prefix)) {
            server.warmUp(queries.size(), tag -> i -> "warm up " + tag + " " + queries.get(i));
            String profiler = System.getProperty("docchat.bench.async-profiler"); // path of libasyncProfiler.so
            if (profiler != null) {
                server.load(8, n, variant); // the hit path warmed too: these are misses now, hits below
                server.load(8, n, variant);
                IntFunction<String> fresh = i -> "profiled " + variant.apply(i);
                for (String phase : List.of("miss", "hit")) {
                    server.process().agent(profiler, "start,event=cpu,interval=1ms");
                    BenchRun.Run run = server.load(8, n, fresh);
                    Path out = dir.resolve("search-" + phase + ".collapsed").toAbsolutePath();
                    server.process().agent(profiler, "stop,collapsed,file=" + out);
                    System.out.printf("async-profiler %s: %s -> %s%n", phase, run, out);
                }
                return;
            }
            FlightRecorderMXBean jfr = ManagementFactory.getPlatformMXBean(server.process().mbeans(), FlightRecorderMXBean.class);
            for (String phase : List.of("miss", "hit")) {
                long id = jfr.newRecording();
                Map<String, String> settings = new LinkedHashMap<>(jfr.getConfigurations().stream()
                        .filter(c -> c.getName().equals("profile")).findFirst().orElseThrow().getSettings());
                settings.put("jdk.Compilation#threshold", "0 ms"); // every compilation, to see what keeps the JIT busy
                jfr.setRecordingSettings(id, settings);
                jfr.startRecording(id);
                BenchRun.Run run = server.load(8, n, variant);
                jfr.stopRecording(id);
                jfr.copyTo(id, dir.resolve("search-" + phase + ".jfr").toAbsolutePath().toString());
                jfr.closeRecording(id);
                System.out.printf("profile %s: %s%n", phase, run);
            }
        }
    }

    /** A run without HTTP with the CPU it cost per operation: all of this JVM's (the work runs in the calling threads). */
    private static BenchRun.Run cpu(CpuMeter meter, int n, java.util.concurrent.Callable<BenchRun.Run> work) throws Exception {
        Map<String, Double> before = meter.read();
        BenchRun.Run run = work.call();
        Map<String, Double> after = meter.read();
        return new BenchRun.Run(run.qps(), run.meanMs(), run.p50(), run.p99(), 0, new double[0], run.seconds())
                .withCpu((after.get("jvm") - before.get("jvm")) / n,
                        (after.get("elasticsearch") - before.get("elasticsearch")) / n, (after.get("redis") - before.get("redis")) / n)
                .withGcPauses((after.get("gcPauseMs") - before.get("gcPauseMs")) / run.seconds());
    }

    private static Map<String, Double> perQuery(Map<String, Double> before, Map<String, Double> after, int n) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((name, ms) -> out.put(name, (ms - before.getOrDefault(name, 0.0)) / n));
        return out;
    }

    /** The share of each cache-hit run answered from L1 and from L2, by client count (medians of the rounds). */
    private static String tierReport(Map<Integer, List<Double>> l1, Map<Integer, List<Double>> l2) {
        StringBuilder out = new StringBuilder("Cache-hit runs answered from L1 / from L2 (Redis), by clients (median of the rounds):");
        l1.forEach((clients, shares) -> out.append(String.format(" %d: %.0f%% / %.0f%%;", clients,
                100 * BenchRun.medianOf(shares), 100 * BenchRun.medianOf(l2.get(clients)))));
        return out.append('\n').toString();
    }

    /** The chat server's CPU per 8-client cache miss by thread (medians over the rounds), largest first. */
    private static String threadReport(List<Map<String, Double>> rounds) {
        Map<String, List<Double>> byName = new LinkedHashMap<>();
        rounds.forEach(r -> r.forEach((name, ms) -> byName.computeIfAbsent(name, k -> new ArrayList<>()).add(ms)));
        StringBuilder out = new StringBuilder("\nChat server CPU per 8-client cache miss, by thread (ms, median of the rounds; "
                + "`#` stands for digits):\n\n| thread | CPU ms/query |\n|---|---:|\n");
        byName.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().stream().sorted().toList().get(e.getValue().size() / 2)))
                .filter(e -> e.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("| %s | %.2f |%n", e.getKey(), e.getValue())));
        return out.toString();
    }

    private static BenchRun.Run add(Map<String, List<BenchRun.Run>> rows, String what, int clients, BenchRun.Run run) {
        rows.computeIfAbsent(what + "|" + clients, k -> new ArrayList<>()).add(run);
        return run;
    }

    private static String report(String queries, long chunks, String index, int rounds, Map<String, List<BenchRun.Run>> rows,
                                 List<Double> ratios) {
        StringBuilder out = new StringBuilder();
        out.append("| what | clients | q/s | mean ms | p50 ms | p99 ms | CPU ms/query: server JVM | load generator | Elasticsearch | Redis "
                        + "| server GC pauses, ms/s |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        rows.forEach((key, runs) -> {
            String[] parts = key.split("\\|");
            out.append(BenchRun.median(runs).row(parts[0], Integer.parseInt(parts[1]))).append('\n');
        });
        List<Double> sorted = ratios.stream().sorted().toList();
        out.append(String.format("%nCache-miss HTTP throughput at 8 clients / the issue's limit, per round in order: %s; median %.0f%%.%n",
                ratios.stream().map(r -> String.format("%.0f%%", 100 * r)).toList(), 100 * sorted.get(sorted.size() / 2)));
        return "# Search benchmark (SciFact, " + queries + " queries, " + chunks + " chunks)\n\n"
                + "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores of " + Machine.cpu()
                + " (load average at the end: "
                + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + "); index `" + index
                + "`; medians of " + rounds + " rounds.\n\n" + out;
    }
}
