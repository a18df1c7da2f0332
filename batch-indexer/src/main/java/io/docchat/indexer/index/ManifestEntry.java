package io.docchat.indexer.index;

/** What the manifest knows about one indexed document in one index generation. */
public record ManifestEntry(String docId, String source, String location, String contentHash, int chunkCount, int failedChunks) {
}
