package io.docchat.indexer.source;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A git source against a bare repository the test creates and then changes (commit and push): what it lists
 * at each commit, with content hashes of the real bytes, links at the indexed commit, deletions, paths and
 * globs, and the address rules it shares with sitemaps.
 */
class GitSourceTest {

    @TempDir
    Path tmp;

    @Test
    void listsTheBranchAtItsNewestCommitAndFollowsItsChanges() throws Exception {
        Path bare = tmp.resolve("docs.git");
        try (Git origin = Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call();
             Git work = Git.init().setDirectory(tmp.resolve("work").toFile()).setInitialBranch("main").call()) {
            write(work, "docs/install.md", "# Install\n\nUnpack the archive.\n");
            write(work, "docs/upgrade.md", "# Upgrade\n\nStop, replace, start.\n");
            write(work, "docs/logo.png", "not a document");
            write(work, "README.md", "# Outside the paths\n");
            ObjectId first = commit(work, "first");
            work.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toString())).call();
            work.push().setRemote("origin").add("main").call();

            GitProperties props = new GitProperties(bare.toUri().toString(), "main", List.of("docs"),
                    "https://git.example.test/org/docs/blob/{commit}/{path}", "git", "", tmp.resolve("cache").toString(), true);
            GitSource source = new GitSource(SourceProperties.git("handbook", props, false), 1024 * 1024);

            Map<String, SourceDocument> v1 = byLocation(source);
            assertThat(v1).containsOnlyKeys("docs/install.md", "docs/upgrade.md");
            SourceDocument install = v1.get("docs/install.md");
            assertThat(install.docId()).isEqualTo("handbook:docs/install.md");
            assertThat(install.contentHash()).isEqualTo(ContentHash.of("# Install\n\nUnpack the archive.\n"));
            assertThat(install.url()).isEqualTo("https://git.example.test/org/docs/blob/" + first.name() + "/docs/install.md");
            assertThat(new String(source.read(install), StandardCharsets.UTF_8)).isEqualTo("# Install\n\nUnpack the archive.\n");

            write(work, "docs/install.md", "# Install\n\nUnpack the archive, then run bin/server.\n");
            write(work, "docs/new page.md", "# New\n\nA page added later.\n");
            work.rm().addFilepattern("docs/upgrade.md").call();
            ObjectId second = commit(work, "second");
            work.push().setRemote("origin").add("main").call();

            Map<String, SourceDocument> v2 = byLocation(source);
            assertThat(v2).containsOnlyKeys("docs/install.md", "docs/new page.md");
            assertThat(source.docIds().toList()).containsExactlyInAnyOrder("handbook:docs/install.md", "handbook:docs/new page.md");
            assertThat(v2.get("docs/install.md").contentHash())
                    .isEqualTo(ContentHash.of("# Install\n\nUnpack the archive, then run bin/server.\n"));
            assertThat(v2.get("docs/install.md").url()).contains(second.name());
            assertThat(v2.get("docs/new page.md").url()).endsWith("/blob/" + second.name() + "/docs/new%20page.md");

            // A new source object (a restarted indexer) reads the state beside the clone: the same listing.
            GitSource restarted = new GitSource(SourceProperties.git("handbook", props, false), 1024 * 1024);
            assertThat(byLocation(restarted)).isEqualTo(v2);
        }
    }

    @Test
    void refusesAddressesAndSchemesASitemapMayNotFetch() {
        assertThatThrownBy(() -> source("file:///srv/git/docs.git", false).documents())
                .isInstanceOf(IOException.class).hasMessageContaining("file URLs need git.allow-file-urls");
        assertThatThrownBy(() -> source("http://127.0.0.1:9/docs.git", false).documents())
                .isInstanceOf(IOException.class).hasMessageContaining("loopback, private");
        assertThatThrownBy(() -> source("https://169.254.169.254/latest.git", false).documents())
                .isInstanceOf(IOException.class).hasMessageContaining("loopback, private");
        assertThatThrownBy(() -> source("ssh://git@10.0.0.1/docs.git", false).documents())
                .isInstanceOf(IOException.class).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> source("https://user:secret@git.example.test/docs.git", false).documents())
                .isInstanceOf(IOException.class).hasMessageContaining("credentials").hasMessageNotContaining("secret@");
    }

    @Test
    void aMissingCredentialVariableIsNamedNotGuessed() {
        GitProperties props = new GitProperties("http://127.0.0.1:9/docs.git", "main", List.of(), "", "git",
                "DOCCHAT_TEST_GIT_TOKEN_THAT_IS_NOT_SET", tmp.resolve("cache").toString(), false);
        assertThatThrownBy(() -> new GitSource(SourceProperties.git("private", props, true), 1024).documents())
                .isInstanceOf(IOException.class).hasMessageContaining("DOCCHAT_TEST_GIT_TOKEN_THAT_IS_NOT_SET");
    }

    private GitSource source(String url, boolean allowPrivate) {
        GitProperties props = new GitProperties(url, "main", List.of(), "", "git", "", tmp.resolve("cache").toString(), false);
        return new GitSource(SourceProperties.git("s", props, allowPrivate), 1024);
    }

    private static Map<String, SourceDocument> byLocation(GitSource source) throws IOException {
        try (var docs = source.documents()) {
            return docs.collect(Collectors.toMap(SourceDocument::location, Function.identity()));
        }
    }

    private static void write(Git work, String path, String content) throws Exception {
        Path file = work.getRepository().getWorkTree().toPath().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        work.add().addFilepattern(path).call();
    }

    private static ObjectId commit(Git work, String message) throws Exception {
        return work.commit().setMessage(message).setAuthor("Test", "test@example.test").setCommitter("Test", "test@example.test")
                .setSign(false).call().getId();
    }
}
