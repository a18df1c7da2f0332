package io.docchat.bench.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Command-line options of {@link RetrievalEval}, {@code --name value} pairs with defaults. */
record EvalOptions(Path data, String esUrl, String prefix, Path root, Path out, Path runs, int threads,
                   boolean keepIndex, String indexer, String jdbcUrl, Map<String, String> search,
                   String label, Map<String, Map<String, String>> variants, String crossValidate,
                   Map<String, String> indexerSettings, boolean shortForm, boolean trainFusion, boolean reuseIndex) {

    /** The short form's collection (CI), in the repository. */
    static final String TINY = "ops/bench/src/test/resources/beir-tiny";

    static EvalOptions parse(String[] argv) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            String key = argv[i].substring(2);
            if (key.equals("keep-index") || key.equals("short") || key.equals("train-fusion")
                    || key.equals("reuse-index")) {
                a.put(key, "true");
            } else if (i + 1 < argv.length) {
                a.put(key, argv[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        Path root = Path.of(a.getOrDefault("root", RetrievalEval.root().toString()));
        Path data = Path.of(a.getOrDefault("data", root.resolve("../shared/datasets/scifact").normalize().toString()));
        String name = data.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-");
        return new EvalOptions(data,
                a.getOrDefault("es", System.getenv().getOrDefault("DOCCHAT_ELASTIC_URIS", "http://127.0.0.1:9200")),
                a.getOrDefault("prefix", "bench-eval-" + name),
                root,
                Path.of(a.getOrDefault("out", root.resolve("ops/bench/results").toString())),
                Path.of(a.getOrDefault("runs", root.resolve(".local/bench/runs").toString())),
                Integer.parseInt(a.getOrDefault("threads", "2")),
                Boolean.parseBoolean(a.getOrDefault("keep-index", "false")),
                indexer(a.getOrDefault("indexer", "pipeline")),
                a.getOrDefault("jdbc", System.getenv().getOrDefault("DOCCHAT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/docchat")),
                settings(a.getOrDefault("search", "")),
                a.getOrDefault("label", "").replaceAll("[^A-Za-z0-9_-]", "-"),
                variants(a.getOrDefault("variants", "")),
                a.getOrDefault("cross-validate", ""),
                settings(a.getOrDefault("indexer-settings", "")),
                a.containsKey("short"),
                a.containsKey("train-fusion"),
                a.containsKey("reuse-index"));
    }

    /**
     * The collections {@code --data} names: one BEIR folder, a comma-separated list, or a folder whose
     * sub-folders are BEIR folders (each with a {@code corpus.jsonl}), in name order; by default every collection
     * under {@code ../shared/datasets}.
     */
    static List<Path> collections(String[] argv) {
        String root = value(argv, "root", RetrievalEval.root().toString());
        boolean shortForm = java.util.Arrays.asList(argv).contains("--short");
        String data = value(argv, "data", shortForm ? Path.of(root).resolve(TINY).toString()
                : Path.of(root).resolve("../shared/datasets").normalize().toString());
        List<Path> out = new ArrayList<>();
        for (String item : data.split(",")) {
            Path folder = Path.of(item.trim());
            if (Files.isRegularFile(folder.resolve("corpus.jsonl"))) {
                out.add(folder);
                continue;
            }
            try (Stream<Path> children = Files.list(folder)) {
                children.filter(c -> Files.isRegularFile(c.resolve("corpus.jsonl"))).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("--data " + folder + " is neither a BEIR folder nor a folder of them", e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no BEIR collection (a folder with corpus.jsonl) in --data " + data);
        }
        return out;
    }

    /** {@code argv} with {@code --data} set to one collection. */
    static String[] forCollection(String[] argv, Path collection) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].equals("--data") && i + 1 < argv.length) {
                i++;
            } else {
                out.add(argv[i]);
            }
        }
        out.add("--data");
        out.add(collection.toString());
        return out.toArray(String[]::new);
    }

    private static String value(String[] argv, String key, String fallback) {
        for (int i = 0; i + 1 < argv.length; i++) {
            if (argv[i].equals("--" + key)) {
                return argv[i + 1];
            }
        }
        return fallback;
    }

    /**
     * {@code --variants "rrf:fusion.method=rrf;deep:candidates=200"}: more product configurations, each on top of
     * {@code --search}, evaluated in the same run as modes {@code product-*@name}.
     */
    static Map<String, Map<String, String>> variants(String value) {
        Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
        for (String variant : value.split(";")) {
            if (variant.isBlank()) {
                continue;
            }
            int colon = variant.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("--variants takes name:key=value,... separated by ';', got " + variant);
            }
            out.put(variant.substring(0, colon).trim(), settings(variant.substring(colon + 1)));
        }
        return out;
    }

    /**
     * {@code --search title-boost=1,fusion.method=rrf}: overrides of the product's {@code docchat.search.*} defaults;
     * the same syntax for {@code --indexer-settings chunking.max-tokens=448} ({@code docchat.indexer.*}).
     */
    static Map<String, String> settings(String value) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--search takes key=value pairs separated by commas, got " + pair);
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    /** {@code pipeline}: the batch-indexer's job; {@code direct}: one chunk per document, written by the harness. */
    private static String indexer(String value) {
        if (!value.equals("pipeline") && !value.equals("direct")) {
            throw new IllegalArgumentException("--indexer must be 'pipeline' or 'direct', was " + value);
        }
        return value;
    }
}
