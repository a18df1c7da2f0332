package io.docchat.bench.beir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset in BEIR layout: {@code corpus.jsonl} ({@code _id, title, text}), {@code queries.jsonl}
 * ({@code _id, text}) and {@code qrels/test.tsv} ({@code query-id, corpus-id, score} with a header line).
 * Only queries that have qrels are kept, as BEIR's loader does.
 */
public record BeirDataset(String name, List<Doc> corpus, List<Query> queries, Qrels qrels) {

    public record Doc(String id, String title, String text) {
    }

    public record Query(String id, String text) {
    }

    public BeirDataset {
        corpus = List.copyOf(corpus);
        queries = List.copyOf(queries);
    }

    public static BeirDataset load(Path folder) {
        return load(folder, "test");
    }

    public static BeirDataset load(Path folder, String split) {
        ObjectMapper json = new ObjectMapper();
        Qrels qrels = readQrels(folder.resolve("qrels").resolve(split + ".tsv"));
        List<Doc> corpus = new ArrayList<>();
        readJsonl(json, folder.resolve("corpus.jsonl"), n -> corpus.add(
                new Doc(required(n, "_id"), n.path("title").asText(""), n.path("text").asText(""))));
        List<Query> queries = new ArrayList<>();
        readJsonl(json, folder.resolve("queries.jsonl"), n -> {
            Query q = new Query(required(n, "_id"), n.path("text").asText(""));
            if (qrels.hasJudgements(q.id())) {
                queries.add(q);
            }
        });
        return new BeirDataset(folder.getFileName().toString(), corpus, queries, qrels);
    }

    /** Reads the qrels TSV; the header line (any first line whose score column is not a number) is skipped. */
    static Qrels readQrels(Path file) {
        Map<String, Map<String, Integer>> judged = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length < 3) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected query-id, corpus-id, score");
                }
                int score;
                try {
                    score = Integer.parseInt(cols[2].trim());
                } catch (NumberFormatException e) {
                    if (lineNo == 1) {
                        continue;
                    }
                    throw new IllegalArgumentException(file + ":" + lineNo + ": score is not an integer: " + cols[2], e);
                }
                judged.computeIfAbsent(cols[0].trim(), k -> new LinkedHashMap<>()).put(cols[1].trim(), score);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read qrels " + file, e);
        }
        return new Qrels(Collections.unmodifiableMap(judged));
    }

    private static void readJsonl(ObjectMapper json, Path file, java.util.function.Consumer<JsonNode> sink) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    sink.accept(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.asText().isEmpty()) {
            throw new IllegalArgumentException("line without " + field + ": " + n);
        }
        return v.asText();
    }
}
