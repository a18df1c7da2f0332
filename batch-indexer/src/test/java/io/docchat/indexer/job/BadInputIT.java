package io.docchat.indexer.job;

import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import io.docchat.indexer.TestDocs;
import io.docchat.indexer.index.DeadLetters;
import io.docchat.indexer.index.SkippedDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BadInputIT {

    @TempDir
    Path docs;

    @Test
    void badFilesAreSkippedWithReasonsAndRefusedChunksAreDeadLetteredWhileTheRestIsIndexed() throws Exception {
        Files.writeString(docs.resolve("good.md"), "# Good\n\nA page that indexes fine.\n");
        Files.writeString(docs.resolve("notes.txt"), "Plain notes.\n");
        Files.write(docs.resolve("manual.pdf"), TestDocs.pdf("Page one talks about setup.", "Page two talks about backups."));
        Files.writeString(docs.resolve("corrupt.pdf"), "%PDF-1.7 this is not a pdf at all");
        Files.write(docs.resolve("image.md"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13});
        Files.writeString(docs.resolve("empty.txt"), "");
        Files.writeString(docs.resolve("huge.md"), "# Huge\n\n" + "lots of words ".repeat(4000));
        // A keyword longer than Lucene's 32766-byte term limit: Elasticsearch refuses this one item.
        Files.writeString(docs.resolve("refused.md"), "---\nproduct: " + "x".repeat(33000) + "\n---\n# Refused\n\nText.\n");

        String prefix = TestServices.uniquePrefix("bad");
        Map<String, String> props = IndexerApp.baseProperties(prefix, docs);
        props.put("docchat.indexer.max-file-bytes", "40KB");
        try (IndexerApp app = IndexerApp.start(prefix, props)) {
            JobExecution run = app.run(RunMode.FULL);

            assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            var reasons = app.bean(SkippedDocuments.class).forJob(run.getId()).stream()
                    .collect(java.util.stream.Collectors.toMap(SkippedDocuments.Skipped::location, SkippedDocuments.Skipped::reason));
            assertThat(reasons).containsOnlyKeys("corrupt.pdf", "image.md", "empty.txt", "huge.md");
            assertThat(reasons.get("corrupt.pdf")).startsWith("corrupt");
            assertThat(reasons.get("image.md")).startsWith("binary");
            assertThat(reasons.get("empty.txt")).startsWith("empty");
            assertThat(reasons.get("huge.md")).startsWith("oversized");

            var dead = app.bean(DeadLetters.class).forJob(run.getId());
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.chunkId()).isEqualTo("docs:refused.md#0");
                assertThat(d.reason()).contains("failed to parse field [product]");
            });
            var index = IncrementalIndexIT.step(run, "index").getExecutionContext();
            assertThat(index.getLong("skipped")).isEqualTo(4);
            assertThat(index.getLong("deadLetters")).isEqualTo(1);

            assertThat(app.indexedChunks().keySet()).containsExactlyInAnyOrder(
                    "docs:good.md#0", "docs:notes.txt#0", "docs:manual.pdf#0");
            GetResponse<ObjectNode> pdfChunk = app.es().get(g -> g.index(prefix).id("docs:manual.pdf#0"), ObjectNode.class);
            assertThat(pdfChunk.source().get("page").asInt()).isEqualTo(1);
            assertThat(pdfChunk.source().get("text").asText()).contains("Page one", "Page two");
        }
    }
}
