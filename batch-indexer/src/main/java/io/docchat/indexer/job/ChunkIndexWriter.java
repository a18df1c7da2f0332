package io.docchat.indexer.job;

import io.docchat.elastic.ChunkDocument;
import io.docchat.indexer.chunk.Chunk;
import io.docchat.indexer.index.BulkWriter;
import io.docchat.indexer.index.Manifest;
import io.docchat.indexer.index.SkippedDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one Spring Batch chunk of embedded documents: one bulk request with the new chunks and the ids of
 * surplus old chunks, then the manifest rows and skip records in the step's transaction.
 * A crash before the commit leaves the manifest unchanged, and deterministic ids make the redo an overwrite.
 */
class ChunkIndexWriter implements ItemWriter<PreparedDocument>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ChunkIndexWriter.class);

    private final BulkWriter bulk;
    private final Manifest manifest;
    private final SkippedDocuments skipped;
    private final RunProgress progress;
    private final String target;
    private final LiveWrites liveWrites;
    private StepExecution step;
    private boolean marked;

    ChunkIndexWriter(BulkWriter bulk, Manifest manifest, SkippedDocuments skipped,
                     RunProgress progress, String target, LiveWrites liveWrites) {
        this.bulk = bulk;
        this.manifest = manifest;
        this.skipped = skipped;
        this.progress = progress;
        this.target = target;
        this.liveWrites = liveWrites;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        this.step = stepExecution;
        // Also on a restart, where the plan step (which counted the work) is not run again.
        progress.start(stepExecution.getJobExecution().getExecutionContext().getLong(JobKeys.DOCS_TOTAL, 0L));
    }

    @Override
    public void write(org.springframework.batch.infrastructure.item.Chunk<? extends PreparedDocument> items) {
        Long jobId = step == null ? null : step.getJobExecutionId();
        List<PreparedDocument> docs = new ArrayList<>(items.getItems());
        Instant now = Instant.now();
        List<ChunkDocument> out = new ArrayList<>();
        List<String> surplus = new ArrayList<>();
        for (PreparedDocument d : docs) {
            for (int i = 0; i < d.chunks().size(); i++) {
                out.add(toDocument(d, d.chunks().get(i), d.vectors().get(i), now));
            }
            for (int n = d.chunks().size(); n < d.previousChunks(); n++) {
                surplus.add(ChunkDocument.chunkId(d.source().docId(), n));
            }
        }
        if (!marked && step != null) {
            // before the first write of this step execution (also after a restart), whatever the plan counted
            liveWrites.begin(step.getJobExecution());
            marked = true;
        }
        List<String> refused = bulk.write(target, out, surplus, jobId);
        Map<String, Integer> refusedPerDoc = new HashMap<>();
        refused.forEach(id -> refusedPerDoc.merge(id.substring(0, id.lastIndexOf('#')), 1, Integer::sum));

        int skips = 0;
        for (PreparedDocument d : docs) {
            if (d.isSkipped()) {
                skips++;
                skipped.record(jobId, d.source().source(), d.source().location(), d.skipReason());
                manifest.delete(target, List.of(d.source().docId()));
                log.info("skipped {}: {}", d.source().docId(), d.skipReason());
            } else {
                manifest.upsert(target, d.source(), d.chunks().size(), refusedPerDoc.getOrDefault(d.source().docId(), 0));
            }
        }
        count(JobKeys.CHUNKS, out.size());
        count(JobKeys.SKIPPED, skips);
        count(JobKeys.DEAD_LETTERS, refused.size());
        progress.documentsDone(docs.size(), out.size(), skips, refused.size());
    }

    private void count(String key, long delta) {
        if (step != null) {
            step.getExecutionContext().putLong(key, step.getExecutionContext().getLong(key, 0L) + delta);
        }
    }

    private static ChunkDocument toDocument(PreparedDocument d, Chunk c, float[] vector, Instant now) {
        var src = d.source();
        var parsed = d.parsed();
        return new ChunkDocument(src.docId(), c.no(), src.source(), src.location(), src.url(), c.anchor(), c.page(), c.line(),
                parsed.title(), c.headingPathText(), c.text(), src.contentHash(), parsed.product(), parsed.version(),
                parsed.tags(), src.acl(), c.tokens(), now, now, vector);
    }
}
