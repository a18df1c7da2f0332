package io.docchat.bench.cost;

import io.docchat.bench.beir.BeirDataset;
import io.docchat.bench.eval.CollectionIndex;
import io.docchat.chat.llm.ModelCatalog;
import io.docchat.chat.llm.PriceTable;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * LLM cost under realistic traffic (issue 21, item 4): the collection's evaluation questions replayed with
 * Zipfian popularity through the real chat path of the packaged chat-server (real Elasticsearch, Redis,
 * PostgreSQL and embedding model; only the LLM is faked, over HTTP, with token usage in its responses), once
 * per answer-cache configuration (semantic threshold 0 = as shipped), each on a fresh answer-cache prefix.
 * Prints and writes {@code llm-cost-<collection>.md} and a per-chat TSV to {@code --out}.
 *
 * <pre>ops/bench/run llm-cost [--data DIR] [--questions 2000] [--zipf 1.0] [--semantic 0,0.92] [--reuse-index]</pre>
 */
public final class LlmCostReplay {

    /** Everything one run measured: figures and outcomes by configuration label, and the fake's calls. */
    public record Result(BeirDataset data, List<Integer> draws, Map<String, CostFigures> figures,
                         Map<String, List<ChatReplay.Outcome>> outcomes, Map<String, List<FakeLlm.Call>> calls,
                         Map<String, Long> serverCpuMsSecondHalf) {
    }

    private LlmCostReplay() {
    }

    public static void main(String[] argv) throws Exception {
        run(argv, System.out);
    }

    public static Result run(String[] argv, PrintStream log) throws Exception {
        ReplayOptions opts = ReplayOptions.parse(argv, root());
        BeirDataset data = subset(BeirDataset.load(opts.data()), opts.docs(), opts.seed());
        List<String> questions = data.queries().stream().map(BeirDataset.Query::text).toList();
        Zipf zipf = new Zipf(questions.size(), opts.zipf());
        List<Integer> draws = zipf.sample(opts.questions(), opts.seed());
        log.printf("%s: %d docs, %d distinct questions; %d draws, Zipf s=%.2f, seed %d: %d distinct asked%n", data.name(),
                data.corpus().size(), questions.size(), draws.size(), opts.zipf(), opts.seed(), draws.stream().distinct().count());
        String index = CollectionIndex.ensure(opts.root(), data, opts.data(), opts.esUrl(), opts.jdbcUrl(), opts.prefix(),
                opts.reuseIndex(), log);
        ModelCatalog prices = PriceTable.shipped();
        Path jar = opts.serverJar() != null ? opts.serverJar() : ChatServerProcess.packagedJar(opts.root());
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Map<String, CostFigures> figures = new LinkedHashMap<>();
        Map<String, List<ChatReplay.Outcome>> outcomes = new LinkedHashMap<>();
        Map<String, List<FakeLlm.Call>> calls = new LinkedHashMap<>();
        Map<String, Long> cpu = new LinkedHashMap<>();
        try (FakeLlm llm = new FakeLlm(opts.llmPort(), 0)) {
            for (double threshold : opts.semanticThresholds()) {
                String label = threshold == 0 ? "as shipped (semantic cache off)" : String.format(Locale.ROOT, "semantic cache %.2f", threshold);
                String cachePrefix = "bench:llm-cost:" + runId + ":" + threshold + ":";
                llm.reset();
                Path serverLog = opts.root().resolve(".local/bench/llm-cost-server-" + threshold + ".log");
                long t0 = System.nanoTime();
                List<ChatReplay.Outcome> run;
                try (ChatServerProcess server = new ChatServerProcess(jar, opts.port(),
                        serverProperties(opts, llm.baseUrl(), cachePrefix, threshold), serverLog)) {
                    log.printf("%s: server up (%s), replaying%n", label, index);
                    ChatReplay replay = new ChatReplay(server.baseUrl(), server::cpuMillis);
                    run = replay.run(questions, draws);
                    cpu.put(label, replay.cpuSecondHalf());
                } finally {
                    deleteKeys(opts, cachePrefix);
                }
                run = ChatReplay.withRoutingReasons(run, opts.jdbcUrl(), opts.jdbcUser(), opts.jdbcPassword());
                CostFigures f = CostFigures.of(label, run, llm.calls(), prices);
                log.printf("%s: %d chats in %.0f s; %d LLM calls, %.1f %% avoided; routed %.1f %% of always-largest%n", label,
                        f.chats(), (System.nanoTime() - t0) / 1e9, f.llm(), 100 * f.avoidedShare(),
                        100 * CostFigures.ratio(f.routed(), f.largestEveryQuestion()));
                figures.put(label, f);
                outcomes.put(label, run);
                calls.put(label, llm.calls());
                // after each configuration, so a later failure keeps what was measured
                write(opts, new Result(data, draws, figures, outcomes, calls, cpu), zipf, prices, List.of());
            }
        } finally {
            if (!opts.keepIndex() && !opts.reuseIndex()) {
                CollectionIndex.drop(opts.esUrl(), opts.prefix());
            }
        }
        Result result = new Result(data, draws, figures, outcomes, calls, cpu);
        log.println(write(opts, result, zipf, prices, questions));
        return result;
    }

    private static String write(ReplayOptions opts, Result result, Zipf zipf, ModelCatalog prices, List<String> questions)
            throws java.io.IOException {
        QuestionNeighbours.Summary pairs = questions.isEmpty() ? new QuestionNeighbours.Summary(List.of(), Map.of(), 0)
                : QuestionNeighbours.closest(opts.root(), questions, 12);
        String report = CostReport.markdown(opts, result, zipf, prices, pairs);
        Files.createDirectories(opts.out());
        Files.writeString(opts.out().resolve("llm-cost-" + result.data().name() + ".md"), report);
        Files.write(opts.out().resolve("llm-cost-" + result.data().name() + "-per-chat.tsv"), CostReport.tsv(result));
        return report;
    }

    /**
     * With {@code --docs N}: every document judged for the questions, then others in a seeded order up to N in
     * all, so that indexing costs minutes less on a busy box while each question keeps its answer and distractors.
     */
    static BeirDataset subset(BeirDataset data, int docs, long seed) {
        if (docs <= 0 || docs >= data.corpus().size()) {
            return data;
        }
        java.util.Set<String> judged = new java.util.HashSet<>();
        data.queries().forEach(q -> judged.addAll(data.qrels().of(q.id()).keySet()));
        List<BeirDataset.Doc> others = new ArrayList<>(data.corpus().stream().filter(d -> !judged.contains(d.id())).toList());
        java.util.Collections.shuffle(others, new java.util.Random(seed));
        List<BeirDataset.Doc> kept = new ArrayList<>(data.corpus().stream().filter(d -> judged.contains(d.id())).toList());
        kept.addAll(others.subList(0, Math.max(0, Math.min(others.size(), docs - kept.size()))));
        // a name of its own: the pipeline writes the corpus to a folder by name, and a folder holding the whole corpus
        // from another run would be indexed whole
        return new BeirDataset(data.name() + "-" + docs, kept, data.queries(), data.qrels());
    }

    static Map<String, String> serverProperties(ReplayOptions opts, String llmUrl, String cachePrefix, double threshold) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("management.server.port", opts.port() == 0 ? "0" : String.valueOf(opts.port() + 2));
        p.put("spring.datasource.url", opts.jdbcUrl());
        p.put("spring.datasource.username", opts.jdbcUser());
        if (!opts.jdbcPassword().isEmpty()) {
            p.put("spring.datasource.password", opts.jdbcPassword());
        }
        p.put("spring.data.redis.host", opts.redisHost());
        p.put("spring.data.redis.port", String.valueOf(opts.redisPort()));
        p.put("docchat.elastic.uris", opts.esUrl());
        p.put("docchat.elastic.index-prefix", opts.prefix());
        p.put("docchat.llm.base-url", llmUrl);
        p.put("docchat.chat.answer-cache-prefix", cachePrefix + "answers:");
        p.put("docchat.chat.semantic-cache-threshold", String.valueOf(threshold));
        // out of reach, so that the tier follows the question's difficulty only (the budget downgrade has its own tests)
        p.put("docchat.cost.daily-budget-usd", "1000000");
        p.put("docchat.cost.user-daily-budget-usd", "1000000");
        // every chat comes from 127.0.0.1: the per-address anonymous limit must not cut the replay short
        p.put("docchat.ratelimit.anonymous-capacity", "100000000");
        p.put("docchat.ratelimit.key-prefix", cachePrefix + "ratelimit:");
        p.put("docchat.cache.key-prefix", cachePrefix + "cache:");
        p.put("docchat.security.cookie-secure", "false");
        p.put("docchat.analytics.data-stream", "docchat-analytics-bench");
        return p;
    }

    /** Removes this run's answers and buckets from the shared Redis (only keys under its own prefix). */
    private static void deleteKeys(ReplayOptions opts, String prefix) {
        RedisClient client = RedisClient.create("redis://" + opts.redisHost() + ":" + opts.redisPort());
        try (var connection = client.connect()) {
            var redis = connection.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            List<String> keys = new ArrayList<>();
            do {
                var page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                keys.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("ops").toFile().isDirectory()) {
            p = p.getParent();
        }
        return p == null ? Path.of("").toAbsolutePath() : p;
    }
}
