package io.docchat.indexer.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A git source through a whole indexer (real Elasticsearch, PostgreSQL, model): a bare repository the test
 * creates is indexed with links at its commit; after a push that changes one file, deletes one and adds one,
 * an incremental run re-indexes the changed and new files only (the unchanged file keeps its chunk and link),
 * and the deleted file's chunks are gone.
 */
class GitIndexIT {

    @TempDir
    Path tmp;

    @Test
    void indexesABranchAndFollowsAPushIncrementally() throws Exception {
        Path bare = tmp.resolve("docs.git");
        try (Git ignored = Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call();
             Git work = Git.init().setDirectory(tmp.resolve("work").toFile()).setInitialBranch("main").call()) {
            work.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
            write(work, "docs/install.md", "# Install\n\nUnpack the archive and run bin/server.\n");
            write(work, "docs/upgrade.md", "# Upgrade\n\nStop the server, replace the files, start it again.\n");
            write(work, "docs/backup.md", "# Backup\n\nSnapshots are taken every night.\n");
            ObjectId first = push(work, "first");

            String prefix = TestServices.uniquePrefix("git");
            Map<String, String> props = IndexerApp.baseProperties(prefix, tmp);
            props.remove("docchat.indexer.sources[0].path");
            props.put("docchat.indexer.sources[0].name", "handbook");
            props.put("docchat.indexer.sources[0].git.url", bare.toUri().toString());
            props.put("docchat.indexer.sources[0].git.branch", "main");
            props.put("docchat.indexer.sources[0].git.paths", "docs");
            props.put("docchat.indexer.sources[0].git.web-url", "https://git.example.test/docs/blob/{commit}/{path}");
            props.put("docchat.indexer.sources[0].git.cache-dir", tmp.resolve("cache").toString());
            props.put("docchat.indexer.sources[0].git.allow-file-urls", "true");
            try (IndexerApp app = IndexerApp.start(prefix, props)) {
                assertThat(app.run(RunMode.INCREMENTAL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(app.indexedChunks()).containsOnlyKeys("handbook:docs/install.md#0", "handbook:docs/upgrade.md#0",
                        "handbook:docs/backup.md#0");
                assertThat(url(app, prefix, "handbook:docs/install.md#0"))
                        .isEqualTo("https://git.example.test/docs/blob/" + first.name() + "/docs/install.md");

                write(work, "docs/install.md", "# Install\n\nUnpack the archive, set PORT, and run bin/server.\n");
                write(work, "docs/scale.md", "# Scaling\n\nAdd nodes to share the load.\n");
                work.rm().addFilepattern("docs/upgrade.md").call();
                ObjectId second = push(work, "second");

                assertThat(app.run(RunMode.INCREMENTAL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(app.indexedChunks()).containsOnlyKeys("handbook:docs/install.md#0", "handbook:docs/backup.md#0",
                        "handbook:docs/scale.md#0");
                assertThat(text(app, prefix, "handbook:docs/install.md#0")).contains("set PORT");
                assertThat(url(app, prefix, "handbook:docs/install.md#0")).contains(second.name());
                assertThat(url(app, prefix, "handbook:docs/scale.md#0")).contains(second.name());
                // Unchanged since the first commit: not re-indexed, so its link still names the commit it was read at.
                assertThat(url(app, prefix, "handbook:docs/backup.md#0")).contains(first.name());
            }
        }
    }

    private static String url(IndexerApp app, String prefix, String id) throws Exception {
        return app.es().get(g -> g.index(prefix).id(id), ObjectNode.class).source().get("url").asText();
    }

    private static String text(IndexerApp app, String prefix, String id) throws Exception {
        return app.es().get(g -> g.index(prefix).id(id), ObjectNode.class).source().get("text").asText();
    }

    private static void write(Git work, String path, String content) throws Exception {
        Path file = work.getRepository().getWorkTree().toPath().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        work.add().addFilepattern(path).call();
    }

    private static ObjectId push(Git work, String message) throws Exception {
        ObjectId id = work.commit().setMessage(message).setAuthor("Test", "t@example.test")
                .setCommitter("Test", "t@example.test").setSign(false).call().getId();
        work.push().setRemote("origin").add("main").call();
        return id;
    }
}
