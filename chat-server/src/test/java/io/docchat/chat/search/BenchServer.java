package io.docchat.chat.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.testing.JitWarmUp;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/** The packaged chat server in its own JVM with its own Redis prefix (empty L2), anonymous and rate-limited as configured. */
final class BenchServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String cachePrefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final RedisKeys keys = new RedisKeys();
    private final ServerProcess process;
    private final CpuMeter cpu;
    private final String adminKey = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newHttpClient();

    BenchServer(String indexPrefix) throws Exception {
        this.process = new ServerProcess(Map.of(
                "docchat.elastic.index-prefix", indexPrefix,
                "docchat.cache.key-prefix", cachePrefix,
                "docchat.ratelimit.key-prefix", cachePrefix + "rl:",
                "docchat.ratelimit.anonymous-capacity", "1000000000",
                "docchat.security.anonymous", "true",
                "docchat.security.admin-api-key", adminKey,
                "docchat.ratelimit.enabled", System.getProperty("docchat.bench.ratelimit", "true"),
                "logging.level.root", "WARN"), Path.of("target/bench-server.log"));
        this.cpu = new CpuMeter(process.pid());
        System.out.println("chat server: pid " + process.pid() + ", JVM " + System.getProperty("docchat.bench.server.jvm",
                ServerProcess.DEFAULT_JVM));
    }

    ServerProcess process() {
        return process;
    }

    BenchRun.Run load(int clients, int n, IntFunction<String> query) throws Exception {
        Map<String, Double> before = cpu.read();
        double gcBefore = process.gcPauseMs();
        BenchRun.Run run = BenchRun.http(process.port(), clients, n,
                i -> "/api/v1/search?k=10&q=" + URLEncoder.encode(query.apply(i), StandardCharsets.UTF_8));
        Map<String, Double> after = cpu.read();
        return run.withCpu((after.get("server") - before.get("server")) / n,
                        (after.get("elasticsearch") - before.get("elasticsearch")) / n,
                        (after.get("redis") - before.get("redis")) / n)
                .withGcPauses((process.gcPauseMs() - gcBefore) / run.seconds());
    }

    /** Search results answered so far from each cache tier: {L1 hits, L2 hits} (the server's own counters). */
    double[] resultHitsByTier() throws Exception {
        return new double[]{resultHits("l1"), resultHits("l2")};
    }

    /** The page's chunks found in the server's chunk cache so far, and those loaded by {@code _mget}: {hits, misses}. */
    double[] chunkLookups() throws Exception {
        return new double[]{cacheRequests("tag=cache:chunks&tag=result:hit"), cacheRequests("tag=cache:chunks&tag=result:miss")};
    }

    /** Redis reads of both caches that got no answer so far: failed, timed out (50 ms) or skipped by an open breaker. */
    double redisReadsUnanswered() throws Exception {
        return cacheRequests("tag=tier:l2&tag=result:error");
    }

    private double resultHits(String tier) throws Exception {
        return cacheRequests("tag=cache:results&tag=tier:" + tier + "&tag=result:hit");
    }

    private double cacheRequests(String tags) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.managementPort()
                        + "/actuator/metrics/docchat.cache.requests?" + tags))
                .header("X-API-Key", adminKey).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return 0; // none counted yet
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("metrics answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("measurements").path(0).path("value").asDouble();
    }

    /**
     * Warm-up until the server's JIT has settled: batches of never-asked wordings at 8 clients until compiling took
     * under 5 % of a batch's time twice in a row (at most 30 batches, ~4 min). A perf profile of the first version
     * (one batch) showed the C1/C2 compiler threads using 23 % of the server JVM's CPU during the measured misses,
     * and a compilation log after 12 batches still showed ~11 new C2 compilations a second (few deoptimisations):
     * a large application reaching C2 method by method on 2 cores, not the steady state of a long-running one.
     */
    void warmUp(int n, IntFunction<IntFunction<String>> wordings) throws Exception {
        JitWarmUp.run("the server's JIT", process::compilationMs, batch -> load(8, n, wordings.apply(-batch)));
    }

    @Override
    public void close() throws Exception {
        try {
            process.close();
        } finally {
            keys.deleteAll(cachePrefix);
            keys.close();
        }
    }
}
