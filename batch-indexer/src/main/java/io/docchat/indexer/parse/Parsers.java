package io.docchat.indexer.parse;

import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the parser by file extension and turns every way a file can be unusable (empty, binary, not
 * UTF-8, corrupt, no text) into an {@link UnusableDocumentException} with a reason, never a job failure.
 */
@Component
public class Parsers {

    private final Map<String, DocumentParser> byExtension;

    public Parsers() {
        MarkdownParser markdown = new MarkdownParser(false);
        HtmlParser html = new HtmlParser();
        AsciidocParser asciidoc = new AsciidocParser();
        TextParser text = new TextParser();
        this.byExtension = Map.ofEntries(
                Map.entry("md", markdown), Map.entry("markdown", markdown), Map.entry("mdx", new MarkdownParser(true)),
                Map.entry("adoc", asciidoc), Map.entry("asciidoc", asciidoc), Map.entry("asc", asciidoc),
                Map.entry("html", html), Map.entry("htm", html),
                Map.entry("txt", text), Map.entry("text", text),
                Map.entry("pdf", new PdfParser()));
    }

    public ParsedDocument parse(String location, byte[] content) throws UnusableDocumentException {
        DocumentParser parser = byExtension.get(extension(location));
        if (parser == null) {
            throw new UnusableDocumentException("unsupported format: " + location);
        }
        if (content.length == 0) {
            throw new UnusableDocumentException("empty file");
        }
        if (!(parser instanceof PdfParser)) {
            requireText(content);
        }
        ParsedDocument parsed;
        try {
            parsed = parser.parse(location, content);
        } catch (Exception | StackOverflowError e) {
            throw new UnusableDocumentException("corrupt or unreadable: " + e, e);
        }
        if (parsed.isBlank()) {
            throw new UnusableDocumentException("no text content");
        }
        return parsed;
    }

    /** A NUL byte or invalid UTF-8 means a binary file under a text name (an image renamed .md, say). */
    private static void requireText(byte[] content) throws UnusableDocumentException {
        int probe = Math.min(content.length, 8192);
        for (int i = 0; i < probe; i++) {
            if (content[i] == 0) {
                throw new UnusableDocumentException("binary content (NUL byte at offset " + i + ")");
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content));
        } catch (CharacterCodingException e) {
            throw new UnusableDocumentException("not UTF-8 text: " + e.getMessage());
        }
    }

    /** A file's extension; a web page's path extension when it has a known one, else {@code html}. */
    private String extension(String location) {
        boolean web = location.startsWith("http://") || location.startsWith("https://");
        String path = web ? java.net.URI.create(location).getPath() : location;
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return web && !byExtension.containsKey(ext) ? "html" : ext;
    }
}
