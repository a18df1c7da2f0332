package io.docchat.indexer.job;

import co.elastic.clients.elasticsearch.indices.IndicesStatsResponse;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat(revision(app, live)).as("a run that changed the live index publishes a new revision").isEqualTo(1);

            long writesBefore = writes(app, live);
            JobExecution third = app.run(RunMode.INCREMENTAL);
            assertThat(third.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(step(third, "index").getReadCount()).isZero();
            assertThat(step(third, "index").getWriteCount()).isZero();
            assertThat(step(third, "prune").getWriteCount()).isZero();
            assertThat(writes(app, live)).as("index and delete operations on the live index").isEqualTo(writesBefore);
            assertThat(revision(app, live)).as("a run that changed nothing keeps the caches' revision").isEqualTo(1);
        }
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
