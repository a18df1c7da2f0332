package io.docchat.indexer.source;

import io.docchat.elastic.Permissions;

import java.util.List;
import java.util.Objects;

/**
 * One document as a source lists it: a stable id ({@code {source}:{location}}), where it lives, its size,
 * who may read it ({@code acl}, the source's groups or {@code __public__}) and its manifest hash: the SHA-256
 * of its bytes, mixed with its readers when it is not public ({@link ContentHash#withReaders}), so that
 * changing a source's groups makes every document of it "changed" for the next incremental run, which
 * re-writes its chunks with the new readers. The bytes themselves are read only when the document has changed.
 */
public record SourceDocument(String source, String docId, String location, String url, long size, String contentHash,
                             List<String> acl) {

    public SourceDocument {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(contentHash, "contentHash");
        acl = Permissions.acl(acl);
    }

    /** A document listed with the hash of its bytes: the manifest hash mixes in its readers. */
    public static SourceDocument listed(String source, String docId, String location, String url, long size,
                                        String bytesHash, List<String> acl) {
        List<String> readers = Permissions.acl(acl);
        return new SourceDocument(source, docId, location, url, size, ContentHash.withReaders(bytesHash, readers), readers);
    }

    public static String docId(String source, String location) {
        return source + ":" + location;
    }
}
