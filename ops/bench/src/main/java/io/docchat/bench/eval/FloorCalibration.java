package io.docchat.bench.eval;

import io.docchat.bench.beir.BeirDataset;
import io.docchat.chat.search.ProductRetrieval;
import io.docchat.chat.search.RelevanceFloor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The relevance floor against a collection: the mode {@code product-hybrid@floor} (the product's hybrid list,
 * or nothing where the floor says nothing is relevant), so Recall@10 with and without the floor come from the
 * same lists; then nonsense queries (control characters, random letters, random everyday words; seeded, the same
 * every run) through the same path, and each query's signals (best kNN score, page coverage) in
 * {@code relevance-floor-<collection>.tsv} for calibration.
 */
final class FloorCalibration {

    static final String MODE = "product-hybrid@floor";
    private static final String[] WORDS = ("banana violin helicopter umbrella giraffe pancake carpet saxophone "
            + "lighthouse bicycle marmalade trumpet volcano wardrobe pebble kangaroo tambourine snowflake lantern "
            + "bathtub cactus harmonica igloo jellybean kettle lemonade mailbox noodle origami parrot quilt "
            + "rollercoaster scarecrow teapot unicycle waffle xylophone yacht zeppelin accordion bagpipe "
            + "chandelier doorknob eggplant flamingo gondola hammock").split(" ");

    private final ProductRetrievers modes;
    private final Map<String, String> floor;
    private final Map<String, RelevanceFloor.Verdict> verdicts = new LinkedHashMap<>();
    private final Map<String, String> texts = new LinkedHashMap<>();

    FloorCalibration(ProductRetrievers modes, Map<String, String> floor) {
        this.modes = modes;
        this.floor = floor;
    }

    /** The hybrid list where the floor finds something relevant, else nothing. */
    Retriever mode() {
        return modes.retriever(MODE, (queryId, query) -> verdict(queryId, query).relevant()
                ? modes.lists(queryId, query).get("hybrid") : List.of());
    }

    private RelevanceFloor.Verdict verdict(String queryId, String query) {
        texts.put(queryId, query);
        return verdicts.computeIfAbsent(queryId, id -> modes.product().floor(modes.index(), query,
                modes.lists(id, query), floor));
    }

    /** Seeded nonsense: control-character garbage, random letters and random everyday words, 30 of each. */
    static Map<String, String> nonsense() {
        Random r = new Random(20);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            StringBuilder s = new StringBuilder();
            for (int c = 0, n = 3 + r.nextInt(20); c < n; c++) {
                int kind = r.nextInt(4);
                s.appendCodePoint(kind == 0 ? r.nextInt(0x20) : kind == 1 ? 0x7f + r.nextInt(0x21)
                        : kind == 2 ? "!#$%&*+-/<=>?@^|~".charAt(r.nextInt(17)) : 0x2400 + r.nextInt(0x40));
            }
            out.put("garbage-" + i, s.toString());
            StringBuilder letters = new StringBuilder();
            for (int w = 0, n = 1 + r.nextInt(4); w < n; w++) {
                letters.append(w == 0 ? "" : " ");
                for (int c = 0, len = 3 + r.nextInt(8); c < len; c++) {
                    letters.append((char) ('a' + r.nextInt(26)));
                }
            }
            out.put("letters-" + i, letters.toString());
            StringBuilder words = new StringBuilder();
            for (int w = 0, n = 2 + r.nextInt(4); w < n; w++) {
                words.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
            out.put("words-" + i, words.toString());
        }
        return out;
    }

    /** Runs the nonsense queries, prints how many the floor stops and writes every query's signals. */
    void report(BeirDataset data, Path outDir, PrintStream out) {
        Map<String, String> junk = nonsense();
        junk.forEach(this::verdict);
        List<Double> judgedKnn = new ArrayList<>();
        int judged = 0;
        int judgedStopped = 0;
        Map<String, int[]> junkStopped = new LinkedHashMap<>();
        StringBuilder tsv = new StringBuilder("query_id\tkind\ttop_knn\tcoverage\trelevant\tquery\n");
        for (var e : verdicts.entrySet()) {
            String id = e.getKey();
            RelevanceFloor.Verdict v = e.getValue();
            String kind = junk.containsKey(id) ? id.substring(0, id.indexOf('-')) : "judged";
            if (kind.equals("judged")) {
                judged++;
                judgedStopped += v.relevant() ? 0 : 1;
                judgedKnn.add(v.topKnn());
            } else {
                int[] c = junkStopped.computeIfAbsent(kind, k -> new int[2]);
                c[0]++;
                c[1] += v.relevant() ? 0 : 1;
            }
            tsv.append(String.format(Locale.ROOT, "%s\t%s\t%.4f\t%s\t%s\t%s%n", id, kind, v.topKnn(),
                    Double.isNaN(v.coverage()) ? "-" : String.format(Locale.ROOT, "%.3f", v.coverage()), v.relevant(),
                    texts.get(id).replaceAll("\\p{Cntrl}", "\uFFFD").replace('\t', ' ')));
        }
        judgedKnn.sort(Double::compare);
        out.printf(Locale.ROOT, "relevance floor %s on %s: judged queries stopped %d of %d; best kNN score of judged "
                        + "queries: min %.4f, 1%% %.4f, 5%% %.4f, median %.4f%n", floor.isEmpty() ? "(defaults)" : floor,
                data.name(), judgedStopped, judged, judgedKnn.getFirst(), pct(judgedKnn, 0.01), pct(judgedKnn, 0.05),
                pct(judgedKnn, 0.5));
        junkStopped.forEach((kind, c) -> out.printf("  nonsense %-8s stopped %d of %d%n", kind, c[1], c[0]));
        try {
            Files.createDirectories(outDir);
            Path file = outDir.resolve("relevance-floor-" + data.name() + ".tsv");
            Files.writeString(file, tsv);
            out.printf("  per-query signals: %s%n", file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }
}
