package io.docchat.indexer.job;

import io.docchat.indexer.source.SourceDocument;

/** A document whose hash differs from the target index's manifest (or that it lacks). */
record ChangedDocument(SourceDocument source, int previousChunks) {
}
