package io.docchat.indexer.job;

import co.elastic.clients.elasticsearch.indices.IndicesStatsResponse;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IncrementalIndexIT {

    @TempDir
    Path docs;

    @Test
    void indexHoldsExactlyTheExpectedChunksAfterEditsDeletesAddsAndShrinks() throws Exception {
        write("guide/install.md", "# Install\n\nDownload the archive and unpack it.\n\n## Verify\n\nRun `docchat --version`.\n");
        write("guide/remove.md", "# Remove\n\nDelete the folder.\n");
        write("guide/long.md", longDoc(4));
        write("notes.txt", "Plain text notes about the release.\n\nA second paragraph.\n");
        String prefix = TestServices.uniquePrefix("incr");
        try (IndexerApp app = IndexerApp.start(prefix, IndexerApp.baseProperties(prefix, docs))) {
            // First run: no index yet, so it builds version 1 and publishes it.
            JobExecution first = app.run(RunMode.INCREMENTAL);
            assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(app.indexedChunks()).isEqualTo(app.expectedChunks(docs, "docs"));
            String live = app.liveIndex();
            assertThat(app.indexedChunks()).hasSizeGreaterThanOrEqualTo(8);
            assertThat(revision(app, live)).as("a new version starts at revision 0").isZero();

            write("guide/install.md", "# Install\n\nDownload the archive, check its signature and unpack it.\n\n## Verify\n\nRun `docchat --version`.\n");
            Files.delete(docs.resolve("guide/remove.md"));
            write("guide/added.md", "# Added\n\nA new page about upgrades.\n");
            write("guide/long.md", longDoc(1));
            JobExecution second = app.run(RunMode.INCREMENTAL);

            assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(step(second, "index").getReadCount()).isEqualTo(3);
            assertThat(step(second, "prune").getWriteCount()).isEqualTo(1);
            assertThat(app.liveIndex()).isEqualTo(live);
            assertThat(app.indexedChunks()).isEqualTo(app.expectedChunks(docs, "docs"))
                    .doesNotContainKey("docs:guide/remove.md#0")
                    .doesNotContainKey("docs:guide/long.md#1");
            assertThat(revision(app, live)).as("a run that changed the live index raises its revision before its first write "
                    + "and again when it publishes").isEqualTo(2);
            assertThat(revisions(app).beingWritten(live)).as("the mark of writes under way, after publishing").isFalse();

            long writesBefore = writes(app, live);
            JobExecution third = app.run(RunMode.INCREMENTAL);
            assertThat(third.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(step(third, "index").getReadCount()).isZero();
            assertThat(step(third, "index").getWriteCount()).isZero();
            assertThat(step(third, "prune").getWriteCount()).isZero();
            assertThat(writes(app, live)).as("index and delete operations on the live index").isEqualTo(writesBefore);
            assertThat(revision(app, live)).as("a run that changed nothing keeps the caches' revision").isEqualTo(2);

            // A run killed mid-write leaves its mark in the index; the next run, with nothing to write, ends it.
            assertThat(revisions(app).beginWrites(live, "run 0")).isTrue();
            assertThat(revisions(app).beginWrites(live, "run 0")).as("the same run's second step").isFalse();
            assertThat(revision(app, live)).isEqualTo(3);
            assertThat(app.run(RunMode.INCREMENTAL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(revision(app, live)).as("a run after a killed one ends its writes").isEqualTo(4);
            assertThat(revisions(app).beingWritten(live)).isFalse();

            // With something to write, the next run raises the revision again before it writes, then publishes.
            assertThat(revisions(app).beginWrites(live, "run 0")).isTrue();
            write("guide/added.md", "# Added\n\nA new page about upgrades and downgrades.\n");
            assertThat(app.run(RunMode.INCREMENTAL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(revision(app, live)).as("killed run's mark (5), replaced before the write (6), published (7)").isEqualTo(7);
            assertThat(revisions(app).beingWritten(live)).isFalse();
        }
    }

    @Test
    void aRunThatFailsAfterWritingIntoTheLiveIndexStillRaisesItsRevision() throws Exception {
        write("guide/first.md", "# First\n\nThe first page.\n");
        String prefix = TestServices.uniquePrefix("incrfail");
        var props = IndexerApp.baseProperties(prefix, docs);
        props.put("docchat.indexer.commit-interval", "1");
        try (IndexerApp app = IndexerApp.start(prefix, props)) {
            assertThat(app.run(RunMode.INCREMENTAL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            String live = app.liveIndex();
            for (int i = 0; i < 24; i++) {
                StringBuilder md = new StringBuilder("# Page " + i + "\n\n");
                for (int section = 0; section < 3; section++) {
                    // unique text, so the shared embedding cache cannot make the run instant
                    md.append("## Part ").append(section).append("\n\n")
                            .append((prefix + " page " + i + " part " + section + " explains a topic in some detail. ").repeat(12)).append("\n\n");
                }
                write("guide/page" + i + ".md", md.toString());
            }
            CompletableFuture<JobExecution> run = app.bean(IndexRunner.class).submit(RunRequest.now(RunMode.INCREMENTAL, "test"));
            await("the run commits its first documents into the live index").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                    .until(() -> committed(app, live) > 1 || run.isDone());
            assertThat(revisions(app).beingWritten(live)).as("marked before the first write").isTrue();
            // the source disappears under the run: it cannot complete (its reader and the prune step refuse a
            // source they cannot list)
            Path moved = Files.move(docs, docs.resolveSibling(docs.getFileName() + "-moved"));
            JobExecution failed;
            try {
                failed = run.get(2, TimeUnit.MINUTES);
            } finally {
                Files.move(moved, docs);
            }
            assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(revision(app, live)).as("raised before the first write and again when the run failed").isEqualTo(2);
            assertThat(revisions(app).beingWritten(live)).isFalse();

            assertThat(app.run(RunMode.INCREMENTAL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(app.indexedChunks()).isEqualTo(app.expectedChunks(docs, "docs"));
            assertThat(revision(app, live)).isEqualTo(4);
        }
    }

    private static long committed(IndexerApp app, String index) {
        Long n = app.jdbc().queryForObject("SELECT COUNT(*) FROM indexer.manifest WHERE index_name = ?", Long.class, index);
        return n == null ? 0 : n;
    }

    private static IndexRevisions revisions(IndexerApp app) {
        return new IndexRevisions(app.bean(IndexManager.class));
    }

    static long writes(IndexerApp app, String index) throws Exception {
        IndicesStatsResponse stats = app.es().indices().stats(s -> s.index(index));
        var primaries = stats.indices().get(index).primaries();
        return primaries.indexing().indexTotal() + primaries.indexing().deleteTotal();
    }

    /** The live index's {@code _meta.revision}, which the chat servers' cache keys carry. */
    static long revision(IndexerApp app, String index) throws Exception {
        var meta = app.es().indices().getMapping(g -> g.index(index)).result().get(index).mappings().meta();
        return meta == null || !meta.containsKey("revision") ? 0 : meta.get("revision").to(Long.class);
    }

    static StepExecution step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().equals(name)).findFirst().orElseThrow();
    }

    /** Sections big enough that each becomes its own chunk. */
    private static String longDoc(int sections) {
        StringBuilder md = new StringBuilder("# Long\n\n");
        for (int i = 1; i <= sections; i++) {
            md.append("## Part ").append(i).append("\n\n").append("Part ").append(i).append(" explains one topic in detail. ".repeat(3)).append("\n\n");
        }
        return md.toString();
    }

    private void write(String rel, String text) throws Exception {
        Path p = docs.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
