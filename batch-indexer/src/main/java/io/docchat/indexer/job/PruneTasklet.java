package io.docchat.indexer.job;

import io.docchat.elastic.ChunkDocument;
import io.docchat.indexer.index.BulkWriter;
import io.docchat.indexer.index.Manifest;
import io.docchat.indexer.index.ManifestEntry;
import io.docchat.indexer.source.DocumentSource;
import io.docchat.indexer.source.Sources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes the chunks of documents that left their source, by id (this cluster has no delete-by-query),
 * then their manifest rows. A source that cannot be listed fails the run instead of emptying the index.
 */
class PruneTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(PruneTasklet.class);
    private static final int BATCH = 500;

    private final Manifest manifest;
    private final Sources sources;
    private final BulkWriter bulk;
    private final LiveWrites liveWrites;
    private final String target;
    private final String sourceName;

    PruneTasklet(Manifest manifest, Sources sources, BulkWriter bulk, LiveWrites liveWrites, String target, String sourceName) {
        this.manifest = manifest;
        this.sources = sources;
        this.bulk = bulk;
        this.liveWrites = liveWrites;
        this.target = target;
        this.sourceName = sourceName;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        List<DocumentSource> selected = sources.select(sourceName);
        Set<String> present = new HashSet<>();
        for (DocumentSource source : selected) {
            try (Stream<String> ids = source.docIds()) {
                ids.forEach(present::add);
            }
        }
        // With no source named, rows of sources removed from the configuration are pruned too.
        List<String> scope = sourceName.isEmpty() ? List.of() : List.of(sourceName);
        List<ManifestEntry> removed = manifest.entries(target, scope).values().stream()
                .filter(e -> !present.contains(e.docId()))
                .toList();
        Long jobId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        if (!removed.isEmpty()) {
            liveWrites.begin(chunkContext.getStepContext().getStepExecution().getJobExecution());
        }
        for (int from = 0; from < removed.size(); from += BATCH) {
            List<ManifestEntry> batch = removed.subList(from, Math.min(removed.size(), from + BATCH));
            List<String> ids = new ArrayList<>();
            batch.forEach(e -> {
                for (int n = 0; n < e.chunkCount(); n++) {
                    ids.add(ChunkDocument.chunkId(e.docId(), n));
                }
            });
            bulk.write(target, List.of(), ids, jobId);
            manifest.delete(target, batch.stream().map(ManifestEntry::docId).toList());
        }
        if (!removed.isEmpty()) {
            log.info("pruned {} removed documents from {}", removed.size(), target);
        }
        chunkContext.getStepContext().getStepExecution().getExecutionContext().putLong(JobKeys.DELETED, removed.size());
        contribution.incrementWriteCount(removed.size());
        return RepeatStatus.FINISHED;
    }
}
