package io.docchat.indexer.job;

import io.docchat.indexer.chunk.Chunk;
import io.docchat.indexer.parse.ParsedDocument;
import io.docchat.indexer.source.SourceDocument;

import java.util.List;

/**
 * A changed document after parsing, chunking and embedding ({@code vectors} in chunk order); {@code skipReason}
 * is set instead when it was unusable. {@code previousChunks} is what the target index holds for it now, so
 * surplus chunks can be deleted.
 */
record PreparedDocument(SourceDocument source, ParsedDocument parsed, List<Chunk> chunks, List<float[]> vectors,
                        int previousChunks, String skipReason) {

    PreparedDocument {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
        vectors = vectors == null ? List.of() : List.copyOf(vectors);
    }

    static PreparedDocument skipped(SourceDocument source, int previousChunks, String reason) {
        return new PreparedDocument(source, null, List.of(), List.of(), previousChunks, reason);
    }

    PreparedDocument withVectors(List<float[]> embedded) {
        if (embedded.size() != chunks.size()) {
            throw new IllegalArgumentException("one vector per chunk: " + embedded.size() + " for " + chunks.size());
        }
        return new PreparedDocument(source, parsed, chunks, embedded, previousChunks, skipReason);
    }

    /** The texts the model embeds, in chunk order. */
    List<String> embeddingInputs() {
        return chunks.stream().map(c -> c.embeddingInput(parsed.title())).toList();
    }

    boolean isSkipped() {
        return skipReason != null;
    }
}
