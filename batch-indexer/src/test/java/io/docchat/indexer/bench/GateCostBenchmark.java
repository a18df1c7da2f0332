package io.docchat.indexer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import io.docchat.indexer.job.RunMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the quality gate costs per full rebuild (prints figures; not part of the test suite): two realistic
 * sources, the project's own documentation (README, docs/, ops/DEPLOY.md) and SciFact abstracts (one file each),
 * rebuilt unchanged several times; each rebuild's gate time (canary sampling, query embeddings, the searches on
 * live and candidate) next to the whole rebuild's time, from the run's own report. The first build embeds
 * everything (the embedding cache makes the later rebuilds cheap, which is the weekly rebuild's case too).
 * <pre>flock /tmp/docchat-bench.lock mvn -B -ntp verify -pl batch-indexer -am -Dit.test=GateCostBenchmark -Dtest=None
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Ddocchat.bench=true
 *     -Ddocchat.bench.data=/work/shared/datasets/scifact [-Ddocchat.bench.docs=1000] [-Ddocchat.bench.rounds=3]</pre>
 */
class GateCostBenchmark {

    @TempDir
    Path corpus;

    @Test
    void gateCost() throws Exception {
        assumeTrue(Boolean.getBoolean("docchat.bench"), "set -Ddocchat.bench=true to run the gate benchmark");
        int limit = Integer.getInteger("docchat.bench.docs", 1000);
        int rounds = Integer.getInteger("docchat.bench.rounds", 3);
        Path scifact = corpus.resolve("scifact");
        Path data = Path.of(System.getProperty("docchat.bench.data",
                TestServices.root().resolve("../shared/datasets/scifact").normalize().toString()));
        int docs = writeCorpus(data.resolve("corpus.jsonl"), scifact, limit);
        Path project = corpus.resolve("project");
        Files.createDirectories(project.resolve("docs"));
        Files.copy(TestServices.root().resolve("README.md"), project.resolve("README.md"));
        Files.copy(TestServices.root().resolve("ops/DEPLOY.md"), project.resolve("DEPLOY.md"));
        try (var files = Files.list(TestServices.root().resolve("docs"))) {
            for (Path f : files.toList()) {
                Files.copy(f, project.resolve("docs").resolve(f.getFileName()));
            }
        }
        String prefix = TestServices.uniquePrefix("gatebench");
        Map<String, String> props = IndexerApp.baseProperties(prefix, scifact);
        props.put("docchat.indexer.sources[0].name", "scifact");
        props.put("docchat.indexer.sources[1].name", "project");
        props.put("docchat.indexer.sources[1].path", project.toString());
        props.put("docchat.indexer.commit-interval", "16");
        ObjectMapper json = new ObjectMapper();
        List<double[]> measured = new ArrayList<>();
        try (IndexerApp app = IndexerApp.start(prefix, props)) {
            for (int round = 0; round <= rounds; round++) {
                JobExecution run = app.run(RunMode.FULL);
                assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
                JsonNode gate = json.readTree(run.getExecutionContext().getString("gate"));
                double total = Duration.between(run.getStartTime(), run.getEndTime()).toMillis() / 1000.0;
                int canaries = 0;
                for (JsonNode s : gate.get("sources")) {
                    canaries += s.get("canaries").asInt();
                }
                System.out.printf("round %d: %s, %d canaries, gate %.2f s (%.1f ms per canary), whole rebuild %.1f s, sources %s%n",
                        round, gate.get("outcome").asText(), canaries, gate.get("seconds").asDouble(),
                        gate.get("msPerCanary").asDouble(), total, gate.get("sources"));
                if (round > 0) {
                    measured.add(new double[]{gate.get("seconds").asDouble(), gate.get("msPerCanary").asDouble(), total, canaries});
                }
            }
            long chunks = app.bean(io.docchat.elastic.IndexManager.class).count(app.liveIndex());
            System.out.printf("GATE COST: %d SciFact abstracts + %d project files, %d chunks, %d rebuilds: median gate %.2f s, "
                            + "median %.1f ms per canary (%d canaries), median whole rebuild %.1f s%n",
                    docs, countFiles(project), chunks, measured.size(), median(measured, 0), median(measured, 1),
                    (int) measured.getFirst()[3], median(measured, 2));
        }
    }

    private static double median(List<double[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long countFiles(Path folder) throws Exception {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

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
