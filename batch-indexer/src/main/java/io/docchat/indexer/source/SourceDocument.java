package io.docchat.indexer.source;

import java.util.Objects;

/**
 * One document as a source lists it: a stable id ({@code {source}:{location}}), where it lives, its size
 * and the SHA-256 of its bytes. The bytes themselves are read only when the document has changed.
 */
public record SourceDocument(String source, String docId, String location, String url, long size, String contentHash) {

    public SourceDocument {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(contentHash, "contentHash");
    }

    public static String docId(String source, String location) {
        return source + ":" + location;
    }
}
