package io.docchat.indexer.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** A folder walked recursively, filtered by include and exclude globs relative to its root. */
final class FolderSource implements DocumentSource {

    /** What the parsers understand. */
    static final Set<String> SUPPORTED = Set.of("md", "markdown", "mdx", "adoc", "asciidoc", "asc",
            "html", "htm", "txt", "text", "pdf");

    private final SourceProperties props;
    private final Path root;
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;

    FolderSource(SourceProperties props) {
        this.props = props;
        this.root = props.path().toAbsolutePath().normalize();
        this.includes = props.include().stream().map(FolderSource::glob).toList();
        this.excludes = props.exclude().stream().map(FolderSource::glob).toList();
    }

    @Override
    public String name() {
        return props.name();
    }

    @Override
    public Stream<SourceDocument> documents() throws IOException {
        return files().map(this::describe);
    }

    @Override
    public Stream<String> docIds() throws IOException {
        return files().map(p -> SourceDocument.docId(props.name(), relative(p)));
    }

    @Override
    public byte[] read(SourceDocument document) throws IOException {
        return Files.readAllBytes(root.resolve(document.location()));
    }

    private Stream<Path> files() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("source " + props.name() + ": " + root + " is not a folder");
        }
        return Files.walk(root)
                .filter(Files::isRegularFile)
                .filter(this::selected)
                .sorted();
    }

    private boolean selected(Path file) {
        Path rel = root.relativize(file);
        // Formats no parser reads are never listed: "docs/**" should not report every image as a skipped file.
        if (!SUPPORTED.contains(extension(rel.getFileName().toString())) || excludes.stream().anyMatch(m -> m.matches(rel))) {
            return false;
        }
        return includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(rel));
    }

    private SourceDocument describe(Path file) {
        String location = relative(file);
        String url = props.url(location);
        try {
            MessageDigest sha = ContentHash.digest();
            long size;
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                size = in.transferTo(OutputStreamSink.INSTANCE);
            }
            return SourceDocument.listed(props.name(), SourceDocument.docId(props.name(), location), location, url,
                    size, ContentHash.hex(sha), props.acl());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }

    static PathMatcher glob(String pattern) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        // "**/*.md" should also match "a.md" at the root, as users of gitignore-style globs expect.
        if (pattern.startsWith("**/")) {
            PathMatcher top = FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3));
            return p -> m.matches(p) || top.matches(p);
        }
        return m;
    }

    /** Discards bytes: hashing needs only the digest stream's side effect. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
