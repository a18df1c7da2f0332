package io.docchat.chat.search;

import io.docchat.elastic.ChunkDocument;

/** The citation link of a chunk: its URL and anchor when the source has one, else file, line or page. */
final class DeepLinks {

    private DeepLinks() {
    }

    static String of(ChunkDocument c) {
        if (c.url() != null && !c.url().isBlank()) {
            return hasAnchor(c) ? c.url() + "#" + c.anchor() : c.url();
        }
        String base = c.location() == null ? c.docId() : c.location();
        if (c.page() != null) {
            return base + "#page=" + c.page();
        }
        if (c.line() != null) {
            return base + "#L" + c.line();
        }
        return hasAnchor(c) ? base + "#" + c.anchor() : base;
    }

    private static boolean hasAnchor(ChunkDocument c) {
        return c.anchor() != null && !c.anchor().isBlank();
    }
}
