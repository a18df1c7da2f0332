package io.docchat.bench.eval;

import io.docchat.bench.beir.BeirDataset;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.embed.ForwardingEmbedder;
import io.docchat.indexer.BatchIndexerApplication;
import io.docchat.indexer.job.IndexRunner;
import io.docchat.indexer.job.RunMode;
import io.docchat.indexer.job.RunRequest;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Indexes a BEIR corpus through the product's indexing pipeline: each document becomes a Markdown file
 * ({@code # title} then the text) in a folder source, and the batch-indexer application runs its
 * {@code index-docs} job once (parse, structure chunker, embedding, checked bulk writes, validated alias swap).
 * The embedder bean is the harness's caching one, so reruns do not pay for the model again.
 */
final class PipelineIndexer implements AutoCloseable {

    static final String SOURCE = "beir";

    private final EvalOptions opts;
    private final Embedder embedder;
    private final PrintStream log;
    private ConfigurableApplicationContext app;
    private double jobSeconds;

    PipelineIndexer(EvalOptions opts, Embedder embedder, PrintStream log) {
        this.opts = opts;
        this.embedder = embedder;
        this.log = log;
    }

    /** The Markdown file name a BEIR id is written to; ids are kept readable but made file-system safe. */
    static String fileName(String beirId) {
        return beirId.replaceAll("[^A-Za-z0-9._-]", "_") + ".md";
    }

    /** Maps the pipeline's doc ids ({@code beir:<file>}) back to BEIR ids. */
    static Map<String, String> beirIds(BeirDataset data) {
        Map<String, String> out = new LinkedHashMap<>();
        for (BeirDataset.Doc d : data.corpus()) {
            String previous = out.put(SOURCE + ":" + fileName(d.id()), d.id());
            if (previous != null) {
                throw new IllegalArgumentException("ids " + previous + " and " + d.id() + " map to one file name");
            }
        }
        return out;
    }

    String index(BeirDataset data) {
        Path folder = opts.root().resolve(".local/bench/beir").resolve(data.name());
        writeCorpus(data, folder);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", opts.jdbcUrl());
        props.put("docchat.elastic.uris", opts.esUrl());
        props.put("docchat.elastic.index-prefix", opts.prefix());
        props.put("spring.quartz.auto-startup", "false");
        props.put("spring.quartz.scheduler-name", opts.prefix());
        props.put("server.port", "0");
        props.put("management.server.port", "0");
        props.put("docchat.indexer.sources[0].name", SOURCE);
        props.put("docchat.indexer.sources[0].path", folder.toString());
        props.put("docchat.indexer.commit-interval", "32");
        opts.indexerSettings().forEach((k, v) -> props.put("docchat.indexer." + k, v));
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        app = new SpringApplicationBuilder(BatchIndexerApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("embedder", new Unclosable(embedder)))
                .run(args);
        // the harness dropped this prefix's indexes; a --keep-index run's manifest rows would make the rebuild
        // skip every document as unchanged and publish an empty index
        app.getBean(JdbcTemplate.class).update("DELETE FROM indexer.manifest WHERE index_name LIKE ?", opts.prefix() + "-v%");
        long started = System.nanoTime();
        JobExecution run = app.getBean(IndexRunner.class).run(RunRequest.now(RunMode.FULL, "bench"));
        jobSeconds = (System.nanoTime() - started) / 1e9;
        if (run.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("index-docs ended " + run.getStatus() + ": " + run.getAllFailureExceptions());
        }
        String index = app.getBean(IndexManager.class).readIndex().orElseThrow();
        log.printf("  index-docs %s: %s%n", run.getStatus(), run.getStepExecutions().stream()
                .map(s -> s.getStepName() + " read " + s.getReadCount() + " wrote " + s.getWriteCount()).toList());
        return index;
    }

    /** Wall time of the last {@code index-docs} run, without the application's start. */
    double jobSeconds() {
        return jobSeconds;
    }

    /** Drops the bench indexes and their manifest rows, then stops the application. */
    void cleanUp(IndexManager indexes) {
        if (app != null) {
            app.getBean(JdbcTemplate.class).update("DELETE FROM indexer.manifest WHERE index_name LIKE ?", opts.prefix() + "-v%");
        }
        indexes.versions().forEach(indexes::deleteIndex);
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
    }

    private static void writeCorpus(BeirDataset data, Path folder) {
        try {
            Files.createDirectories(folder);
            for (BeirDataset.Doc d : data.corpus()) {
                String body = (d.title().isBlank() ? "" : "# " + d.title().replace('\n', ' ') + "\n\n") + d.text() + "\n";
                Path file = folder.resolve(fileName(d.id()));
                if (!Files.exists(file) || !Files.readString(file).equals(body)) {
                    Files.writeString(file, body);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the corpus to " + folder, e);
        }
    }

    /** Keeps the application context from closing the harness's embedder (and its cache file). */
    private record Unclosable(Embedder delegate) implements ForwardingEmbedder {
    }
}
