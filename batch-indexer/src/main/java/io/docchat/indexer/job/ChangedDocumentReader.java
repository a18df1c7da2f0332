package io.docchat.indexer.job;

import io.docchat.indexer.index.Manifest;
import io.docchat.indexer.index.ManifestEntry;
import io.docchat.indexer.source.DocumentSource;
import io.docchat.indexer.source.SourceDocument;
import io.docchat.indexer.source.Sources;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lists the selected sources and yields only documents whose content hash differs from the target's manifest.
 * It keeps no position of its own: the manifest is committed with every chunk, so after a crash a restarted
 * step skips exactly what was committed and resumes at the first uncommitted document.
 */
class ChangedDocumentReader implements ItemStreamReader<ChangedDocument> {

    private final Manifest manifest;
    private final List<DocumentSource> sources;
    private final String target;
    private Map<String, ManifestEntry> known;
    private Stream<SourceDocument> stream;
    private Iterator<SourceDocument> documents;

    ChangedDocumentReader(Manifest manifest, Sources sources, String sourceName, String target) {
        this.manifest = manifest;
        this.sources = sources.select(sourceName);
        this.target = target;
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        known = manifest.entries(target, sources.stream().map(DocumentSource::name).toList());
        stream = sources.stream().flatMap(ChangedDocumentReader::documentsOf)
                .filter(d -> !d.contentHash().equals(hashOf(d.docId())));
        documents = stream.iterator();
    }

    @Override
    public ChangedDocument read() {
        if (!documents.hasNext()) {
            return null;
        }
        SourceDocument doc = documents.next();
        ManifestEntry previous = known.get(doc.docId());
        return new ChangedDocument(doc, previous == null ? 0 : previous.chunkCount());
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }

    private String hashOf(String docId) {
        ManifestEntry e = known.get(docId);
        return e == null ? "" : e.contentHash();
    }

    static Stream<SourceDocument> documentsOf(DocumentSource source) {
        try {
            return source.documents();
        } catch (IOException e) {
            throw new ItemStreamException("cannot list source " + source.name() + ": " + e.getMessage(), e);
        }
    }
}
