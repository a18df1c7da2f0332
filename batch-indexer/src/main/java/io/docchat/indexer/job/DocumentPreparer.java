package io.docchat.indexer.job;

import io.docchat.elastic.embed.Embedder;
import io.docchat.indexer.IndexerProperties;
import io.docchat.indexer.chunk.Chunk;
import io.docchat.indexer.chunk.Chunker;
import io.docchat.indexer.parse.ParsedDocument;
import io.docchat.indexer.parse.Parsers;
import io.docchat.indexer.parse.UnusableDocumentException;
import io.docchat.indexer.source.ContentHash;
import io.docchat.indexer.source.SourceDocument;
import io.docchat.indexer.source.Sources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.IOException;
import java.util.List;

/** Reads, parses and chunks one changed document; an unusable one becomes a skip with its reason. Thread-safe. */
class DocumentPreparer {

    private final Sources sources;
    private final Parsers parsers;
    private final Chunker chunker;
    private final long maxBytes;
    private final Timer parseTime;

    DocumentPreparer(Sources sources, Parsers parsers, Embedder embedder, IndexerProperties props, MeterRegistry meters) {
        this.sources = sources;
        this.parsers = parsers;
        this.chunker = new Chunker(embedder::countTokens, props.chunking().maxTokens(), props.chunking().overlapTokens());
        this.maxBytes = props.maxFileBytes().toBytes();
        this.parseTime = Timer.builder("docchat.indexer.parse").description("read, parse and chunk one document").register(meters);
    }

    PreparedDocument prepare(ChangedDocument changed) {
        return parseTime.record(() -> prepareNow(changed));
    }

    private PreparedDocument prepareNow(ChangedDocument changed) {
        SourceDocument doc = changed.source();
        if (doc.size() > maxBytes) {
            return PreparedDocument.skipped(doc, changed.previousChunks(), "oversized: " + doc.size() + " bytes > " + maxBytes);
        }
        byte[] content;
        try {
            content = sources.byName(doc.source()).orElseThrow().read(doc);
        } catch (IOException e) {
            return PreparedDocument.skipped(doc, changed.previousChunks(), "unreadable: " + e);
        }
        // The file may have changed since it was listed: the manifest must record the hash of what was indexed.
        SourceDocument read = SourceDocument.listed(doc.source(), doc.docId(), doc.location(), doc.url(), content.length,
                ContentHash.of(content), doc.acl());
        try {
            ParsedDocument parsed = parsers.parse(doc.location(), content);
            List<Chunk> chunks = chunker.chunk(parsed);
            return new PreparedDocument(read, parsed, chunks, null, changed.previousChunks(), null);
        } catch (UnusableDocumentException e) {
            return PreparedDocument.skipped(read, changed.previousChunks(), e.getMessage());
        }
    }
}
