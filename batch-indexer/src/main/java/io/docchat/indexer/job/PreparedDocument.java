package io.docchat.indexer.job;

import io.docchat.indexer.chunk.Chunk;
import io.docchat.indexer.parse.ParsedDocument;
import io.docchat.indexer.source.SourceDocument;

import java.util.List;

/**
 * A changed document after parsing and chunking; {@code skipReason} is set instead when it was unusable.
 * {@code previousChunks} is what the target index holds for it now, so surplus chunks can be deleted.
 */
record PreparedDocument(SourceDocument source, ParsedDocument parsed, List<Chunk> chunks, int previousChunks, String skipReason) {

    PreparedDocument {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    static PreparedDocument skipped(SourceDocument source, int previousChunks, String reason) {
        return new PreparedDocument(source, null, List.of(), previousChunks, reason);
    }

    boolean isSkipped() {
        return skipReason != null;
    }
}
