package io.docchat.indexer.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FolderSourceTest {

    @TempDir
    Path root;

    @Test
    void walksRecursivelyWithIncludeAndExcludeGlobsInStableOrder() throws Exception {
        write("README.md", "# r");
        write("docs/b.md", "# b");
        write("docs/a.adoc", "= a");
        write("docs/drafts/x.md", "# x");
        write("docs/img.png", "png");
        FolderSource all = new FolderSource(SourceProperties.folder("docs", root));
        FolderSource some = new FolderSource(new SourceProperties("docs", root, List.of("README.md", "docs/**"), List.of("docs/drafts/**"), "", "", null, false, List.of(), null));

        try (var docs = all.documents()) {
            assertThat(docs.map(SourceDocument::location)).containsExactly("README.md", "docs/a.adoc", "docs/b.md", "docs/drafts/x.md");
        }
        try (var docs = some.documents()) {
            List<SourceDocument> list = docs.toList();
            assertThat(list).extracting(SourceDocument::location).containsExactly("README.md", "docs/a.adoc", "docs/b.md");
            assertThat(list.get(2).docId()).isEqualTo("docs:docs/b.md");
            assertThat(list.get(2).contentHash()).hasSize(64);
        }
    }

    @Test
    void documentsLinkToWhereTheFolderIsPublishedOrNowhere() throws Exception {
        write("docs/a.md", "# a");
        FolderSource site = new FolderSource(new SourceProperties("s", root, List.of(), List.of(), "",
                "https://docs.example.test/", null, false, List.of(), null));
        FolderSource repository = new FolderSource(new SourceProperties("s", root, List.of(), List.of(), "",
                "https://git.example.test/o/r/blob/main/{path}?plain=1#L{line}", null, false, List.of(), null));

        assertThat(site.documents().findFirst().orElseThrow().url()).isEqualTo("https://docs.example.test/docs/a.md");
        // {line} is left for chat-server, which knows each cited chunk's line
        assertThat(repository.documents().findFirst().orElseThrow().url())
                .isEqualTo("https://git.example.test/o/r/blob/main/docs/a.md?plain=1#L{line}");
        assertThat(new FolderSource(SourceProperties.folder("s", root)).documents().findFirst().orElseThrow().url()).isNull();
    }

    @Test
    void hashChangesWithContent() throws Exception {
        write("a.md", "one");
        FolderSource source = new FolderSource(SourceProperties.folder("s", root));
        String before = source.documents().findFirst().orElseThrow().contentHash();
        write("a.md", "two");
        assertThat(source.documents().findFirst().orElseThrow().contentHash()).isNotEqualTo(before);
    }

    @Test
    void urlPolicyRefusesInternalAddressesAndOtherSchemes() throws Exception {
        UrlPolicy strict = UrlPolicy.strict();
        for (String uri : List.of("http://127.0.0.1/", "http://localhost/", "http://10.1.2.3/", "http://192.168.0.1/",
                "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fd00::1]/", "file:///etc/passwd",
                "ftp://example.org/")) {
            assertThatThrownBy(() -> strict.check(URI.create(uri))).as(uri).isInstanceOf(RefusedUrlException.class);
        }
        new UrlPolicy(true, 5, 1).check(URI.create("http://127.0.0.1/"));
    }

    private void write(String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
