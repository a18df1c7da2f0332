package io.docchat.indexer.source;

import java.io.IOException;
import java.util.stream.Stream;

/**
 * Where documents come from: folders, HTTP sitemaps and git repositories (an HTTP source must fetch through
 * {@link UrlPolicy}).
 */
public interface DocumentSource {

    String name();

    /** Every document, in a stable order; hashing reads each file once. Close the stream. */
    Stream<SourceDocument> documents() throws IOException;

    /** The current locations only, without hashing: enough to tell which documents were removed. */
    Stream<String> docIds() throws IOException;

    /** The document's bytes; {@link IOException} when it vanished or cannot be read. */
    byte[] read(SourceDocument document) throws IOException;
}
