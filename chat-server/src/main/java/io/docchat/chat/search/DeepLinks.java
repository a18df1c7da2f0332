package io.docchat.chat.search;

import io.docchat.elastic.ChunkDocument;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The citation link of a chunk. A source published somewhere (its {@code base-url}, a git source's
 * {@code web-url}, a sitemap page) gives the chunk its {@code url}: the link is that URL with the chunk's
 * heading anchor, or with its line where the URL asks for one ({@code {line}}, as in a repository's web view:
 * {@code https://git.example.com/org/docs/blob/main/README.md?plain=1#L{line}}). A source that is published
 * nowhere links to the source view page of this server ({@link SourceLinks#VIEW_PAGE}), which shows the
 * chunk's section from the index: a file location like {@code README.md#L52} opens nothing in a browser.
 */
final class DeepLinks {

    static final String LINE = "{line}";

    private DeepLinks() {
    }

    /** The link; a view page link is root-relative ({@link SourceLinks#absolute} adds the public URL). */
    static String of(ChunkDocument c) {
        if (c.url() != null && !c.url().isBlank()) {
            return published(c);
        }
        return view(c.id());
    }

    /** The view page of a chunk, root-relative. */
    static String view(String chunkId) {
        return SourceLinks.VIEW_PAGE + "?chunk=" + URLEncoder.encode(chunkId, StandardCharsets.UTF_8);
    }

    private static String published(ChunkDocument c) {
        String url = c.url();
        if (url.contains(LINE)) {
            if (c.line() != null) {
                return url.replace(LINE, String.valueOf(c.line()));
            }
            // no line (a PDF page, an HTML section): the document itself, without a line fragment
            int fragment = url.indexOf('#');
            String base = fragment >= 0 && url.indexOf(LINE, fragment) >= 0 ? url.substring(0, fragment) : url;
            base = base.replace(LINE, "1");
            return c.page() != null ? base + "#page=" + c.page() : base;
        }
        if (c.page() != null && (c.anchor() == null || c.anchor().isBlank())) {
            return url + "#page=" + c.page();
        }
        return c.anchor() != null && !c.anchor().isBlank() ? url + "#" + c.anchor() : url;
    }
}
