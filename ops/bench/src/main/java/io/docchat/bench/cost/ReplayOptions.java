package io.docchat.bench.cost;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Options of {@link LlmCostReplay}, {@code --name value} pairs. The short form ({@code --short}) is the CI one:
 * the committed tiny collection and 200 questions.
 */
record ReplayOptions(Path root, Path data, int docs, int questions, double zipf, long seed, List<Double> semanticThresholds,
                     String esUrl, String jdbcUrl, String jdbcUser, String jdbcPassword, String redisHost, int redisPort, int port, int llmPort, Path out,
                     String prefix, boolean reuseIndex, boolean keepIndex, Path serverJar, boolean shortForm) {

    static final String TINY = "ops/bench/src/test/resources/beir-tiny";

    static ReplayOptions parse(String[] argv, Path defaultRoot) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            String key = argv[i].substring(2);
            if (List.of("short", "reuse-index", "keep-index").contains(key)) {
                a.put(key, "true");
            } else if (i + 1 < argv.length) {
                a.put(key, argv[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        boolean shortForm = a.containsKey("short");
        Path root = Path.of(a.getOrDefault("root", defaultRoot.toString()));
        Path data = Path.of(a.getOrDefault("data", shortForm ? root.resolve(TINY).toString()
                : root.resolve("../shared/datasets/scifact").normalize().toString()));
        String name = data.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
        String[] redis = a.getOrDefault("redis", "127.0.0.1:6379").split(":");
        return new ReplayOptions(root, data, Integer.parseInt(a.getOrDefault("docs", "0")),
                Integer.parseInt(a.getOrDefault("questions", shortForm ? "200" : "2000")),
                Double.parseDouble(a.getOrDefault("zipf", "1.0")),
                Long.parseLong(a.getOrDefault("seed", "21")),
                Arrays.stream(a.getOrDefault("semantic", "0,0.92").split(",")).map(String::strip).map(Double::parseDouble).toList(),
                a.getOrDefault("es", System.getenv().getOrDefault("DOCCHAT_ELASTIC_URIS", "http://127.0.0.1:9200")),
                a.getOrDefault("jdbc", System.getenv().getOrDefault("DOCCHAT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/docchat")),
                a.getOrDefault("jdbc-user", "postgres"), a.getOrDefault("jdbc-password", ""),
                redis[0], Integer.parseInt(redis.length > 1 ? redis[1] : "6379"),
                Integer.parseInt(a.getOrDefault("port", "0")),
                Integer.parseInt(a.getOrDefault("llm-port", "0")),
                Path.of(a.getOrDefault("out", root.resolve("ops/bench/results").toString())),
                a.getOrDefault("prefix", "bench-llmcost-" + name + (a.containsKey("docs") ? "-" + a.get("docs") : "")),
                a.containsKey("reuse-index"), a.containsKey("keep-index"),
                a.containsKey("server-jar") ? Path.of(a.get("server-jar")) : null,
                shortForm);
    }
}
