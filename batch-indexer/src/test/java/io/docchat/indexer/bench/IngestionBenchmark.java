package io.docchat.indexer.bench;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import io.docchat.indexer.job.RunMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ingestion benchmark (prints figures; not part of the test suite): SciFact (BEIR corpus, one file per
 * abstract) plus the project's own docs through the real job, next to the embedder alone on the same chunk
 * texts in the same run. A fresh model id per run keeps the embedding cache out of the measurement.
 * <pre>mvn -B -ntp verify -pl batch-indexer -Dit.test=IngestionBenchmark -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false
 *     -Ddocchat.bench=true [-Ddocchat.bench.docs=500]</pre>
 */
class IngestionBenchmark {

    @TempDir
    Path corpus;

    @Test
    void ingestion() throws Exception {
        assumeTrue(Boolean.getBoolean("docchat.bench"), "set -Ddocchat.bench=true to run the ingestion benchmark");
        int limit = Integer.getInteger("docchat.bench.docs", Integer.MAX_VALUE);
        Path scifact = TestServices.root().resolve("../shared/datasets/scifact/corpus.jsonl").normalize();
        int docs = writeCorpus(scifact, corpus.resolve("scifact"), limit);
        Path projectDocs = corpus.resolve("project");
        Files.createDirectories(projectDocs.resolve("docs"));
        Files.copy(TestServices.root().resolve("README.md"), projectDocs.resolve("README.md"));
        try (var files = Files.list(TestServices.root().resolve("docs"))) {
            for (Path f : files.toList()) {
                Files.copy(f, projectDocs.resolve("docs").resolve(f.getFileName()));
            }
        }

        String prefix = TestServices.uniquePrefix("bench");
        Map<String, String> props = IndexerApp.baseProperties(prefix, corpus.resolve("scifact"));
        props.put("docchat.indexer.sources[0].name", "scifact");
        props.put("docchat.indexer.sources[1].name", "project");
        props.put("docchat.indexer.sources[1].path", projectDocs.toString());
        props.put("docchat.indexer.commit-interval", "32");
        String model = "bench/" + UUID.randomUUID();
        try (IndexerApp app = IndexerApp.start(prefix, props, model)) {
            // The embedder alone, on the first chunks of the corpus as the job would embed them, before and after
            // the run: the machine is shared, so the two bracket the run's conditions.
            List<String> sample = sampleInputs(app, corpus.resolve("scifact"), 256);
            double embedderBefore = embedderRate(sample);
            double loadBefore = load();
            long t0 = System.nanoTime();
            JobExecution full = app.run(RunMode.FULL);
            double fullSeconds = (System.nanoTime() - t0) / 1e9;
            assertThat(full.getStatus()).isEqualTo(BatchStatus.COMPLETED);

            long t1 = System.nanoTime();
            JobExecution again = app.run(RunMode.INCREMENTAL);
            double againSeconds = (System.nanoTime() - t1) / 1e9;
            assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);

            long chunks = app.es().count(c -> c.index(prefix)).count();
            double tokens = app.es().search(s -> s.index(prefix).size(0)
                    .aggregations("tokens", Aggregation.of(a -> a.sum(m -> m.field("token_count")))), Void.class)
                    .aggregations().get("tokens").sum().value();
            MeterRegistry meters = app.bean(MeterRegistry.class);
            double loadAfter = load();
            double embedderAfter = embedderRate(sample);
            double embedderRate = (embedderBefore + embedderAfter) / 2;
            double pipelineRate = chunks / fullSeconds;
            double modelSeconds = seconds(meters, "docchat.indexer.embed");

            System.out.printf("%n=== ingestion benchmark ===%n");
            System.out.printf("documents            %d SciFact abstracts + project docs%n", docs);
            System.out.printf("chunks               %d (%.0f tokens, %.0f tokens/chunk)%n", chunks, tokens, tokens / chunks);
            System.out.printf("full run             %.1f s: %.1f chunks/s, %.0f tokens/s%n", fullSeconds, pipelineRate, tokens / fullSeconds);
            System.out.printf("  parse+chunk        %.1f s%n", seconds(meters, "docchat.indexer.parse"));
            System.out.printf("  embed (model)      %.1f s: the model was busy %.0f %% of the run%n", modelSeconds, 100 * modelSeconds / fullSeconds);
            System.out.printf("  bulk               %.1f s%n", seconds(meters, "docchat.indexer.bulk"));
            System.out.printf("embedder alone       %.1f chunks/s before, %.1f after (%d chunks, batches of 32)%n", embedderBefore, embedderAfter, sample.size());
            System.out.printf("load average         %.1f before, %.1f after (%d cores)%n", loadBefore, loadAfter, Runtime.getRuntime().availableProcessors());
            System.out.printf("pipeline / embedder  %.0f %%%n", 100 * pipelineRate / embedderRate);
            System.out.printf("unchanged re-run     %.2f s: %.0fx faster than the full run%n", againSeconds, fullSeconds / againSeconds);
        } finally {
            TestServicesCleanup.embeddingCache(model);
        }
    }

    private static double seconds(MeterRegistry meters, String timer) {
        Timer t = meters.find(timer).timer();
        return t == null ? 0 : t.totalTime(TimeUnit.SECONDS);
    }

    /** The first {@code n} embedding inputs of the corpus, made by the app's own parser and chunker. */
    private static List<String> sampleInputs(IndexerApp app, Path folder, int n) throws Exception {
        var props = app.bean(io.docchat.indexer.IndexerProperties.class);
        var chunker = new io.docchat.indexer.chunk.Chunker(TestServices.embedder()::countTokens,
                props.chunking().maxTokens(), props.chunking().overlapTokens());
        var parsers = app.bean(io.docchat.indexer.parse.Parsers.class);
        List<String> out = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                var parsed = parsers.parse(f.getFileName().toString(), Files.readAllBytes(f));
                for (var c : chunker.chunk(parsed)) {
                    if (out.size() < n) {
                        out.add(c.embeddingInput(parsed.title()));
                    }
                }
                if (out.size() >= n) {
                    break;
                }
            }
        }
        return out;
    }

    private static double embedderRate(List<String> texts) {
        Embedder embedder = TestServices.embedder();
        long t = System.nanoTime();
        for (int i = 0; i < texts.size(); i += 32) {
            embedder.embedPassages(texts.subList(i, Math.min(texts.size(), i + 32)));
        }
        return texts.size() / ((System.nanoTime() - t) / 1e9);
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One Markdown file per abstract: title as heading, abstract as text. */
    private static int writeCorpus(Path jsonl, Path folder, int limit) throws Exception {
        Files.createDirectories(folder);
        ObjectMapper json = new ObjectMapper();
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(jsonl)) {
            for (String line = in.readLine(); line != null && n < limit; line = in.readLine()) {
                JsonNode doc = json.readTree(line);
                Files.writeString(folder.resolve(doc.get("_id").asText() + ".md"),
                        "# " + doc.get("title").asText() + "\n\n" + doc.get("text").asText() + "\n");
                n++;
            }
        }
        return n;
    }
}
