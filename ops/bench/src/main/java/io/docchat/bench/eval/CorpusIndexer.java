package io.docchat.bench.eval;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.docchat.bench.beir.BeirDataset;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a BEIR corpus into a fresh version of the chunk index contract (one chunk per document, id
 * {@code {docId}#0}) and swaps the aliases to it. This is the harness's own minimal path, used until the
 * batch-indexer exposes its pipeline as a library call; it follows the same contract (mapping, analyzer,
 * vector excluded from {@code _source}) so the search side sees what the product would index.
 */
final class CorpusIndexer {

    static final int BATCH = 64;

    private final IndexManager indexes;
    private final Embedder embedder;
    private final PrintStream log;

    CorpusIndexer(IndexManager indexes, Embedder embedder, PrintStream log) {
        this.indexes = indexes;
        this.embedder = embedder;
        this.log = log;
    }

    /**
     * The text a document's vector is computed from: title and abstract joined by a space, as BEIR and MTEB
     * do, so the dense figures are comparable with the published ones. BM25 sees the two as separate fields.
     */
    static String passage(BeirDataset.Doc d) {
        return d.title().isBlank() ? d.text() : d.title() + " " + d.text();
    }

    String index(BeirDataset data) {
        String index = indexes.createNextVersion(embedder.spec());
        List<BeirDataset.Doc> docs = data.corpus();
        long start = System.nanoTime();
        Instant now = Instant.now();
        for (int from = 0; from < docs.size(); from += BATCH) {
            List<BeirDataset.Doc> batch = docs.subList(from, Math.min(docs.size(), from + BATCH));
            List<float[]> vectors = embedder.embedPassages(batch.stream().map(CorpusIndexer::passage).toList());
            List<ChunkDocument> chunks = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                BeirDataset.Doc d = batch.get(i);
                chunks.add(new ChunkDocument(d.id(), 0, data.name(), d.id(), null, null, null, null, d.title(),
                        null, d.text(), null, null, null, List.of(), null, now, now, vectors.get(i)));
            }
            bulk(index, chunks);
            int done = from + batch.size();
            if (done % (BATCH * 10) == 0 || done == docs.size()) {
                double secs = (System.nanoTime() - start) / 1e9;
                log.printf("  indexed %d/%d docs (%.1f docs/s)%n", done, docs.size(), done / secs);
            }
        }
        indexes.refresh(index);
        indexes.swapTo(index);
        long count = indexes.count(index);
        if (count != docs.size()) {
            throw new IllegalStateException("index " + index + " holds " + count + " chunks, expected " + docs.size());
        }
        return index;
    }

    private void bulk(String index, List<ChunkDocument> chunks) {
        BulkRequest.Builder req = new BulkRequest.Builder().index(index);
        for (ChunkDocument c : chunks) {
            req.operations(op -> op.index(i -> i.id(c.id()).document(c)));
        }
        try {
            BulkResponse resp = indexes.client().bulk(req.build());
            // an HTTP 200 bulk response can still carry failed items
            for (BulkResponseItem item : resp.items()) {
                if (item.error() != null) {
                    throw new IllegalStateException("bulk item " + item.id() + " failed: " + item.error().reason());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bulk write to " + index + " failed", e);
        }
    }
}
