package io.docchat.indexer.job;

import io.docchat.elastic.EmbeddingSpec;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.Permissions;
import io.docchat.elastic.embed.Embedder;
import io.docchat.indexer.index.Manifest;
import io.docchat.indexer.source.Sources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.io.IOException;
import java.util.Optional;

/**
 * Decides where this run writes. Incremental runs write into the live index, unless there is none yet or it
 * was built with another embedding model or before permissions: then the run becomes a full rebuild into a new
 * version. The
 * decision is stored in the job's execution context, so a restarted run continues into the same index.
 */
class PlanTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(PlanTasklet.class);

    private final IndexManager indexes;
    private final Embedder embedder;
    private final Sources sources;
    private final Manifest manifest;
    private final RunMode requested;
    private final String sourceName;

    PlanTasklet(IndexManager indexes, Embedder embedder, Sources sources, Manifest manifest, RunMode requested, String sourceName) {
        this.indexes = indexes;
        this.embedder = embedder;
        this.sources = sources;
        this.manifest = manifest;
        this.requested = requested;
        this.sourceName = sourceName;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        EmbeddingSpec spec = embedder.spec();
        Optional<String> live = indexes.writeIndex();
        RunMode mode = requested;
        if (mode == RunMode.INCREMENTAL && live.isEmpty()) {
            log.info("no live index yet: building the first version");
            mode = RunMode.FULL;
        } else if (mode == RunMode.INCREMENTAL && !indexes.specOf(live.get()).equals(spec)) {
            log.info("live index {} was built with {}, the embedder is {}: rebuilding", live.get(), indexes.specOf(live.get()), spec);
            mode = RunMode.FULL;
        } else if (mode == RunMode.INCREMENTAL && !indexes.hasPermissions(live.get())) {
            log.info("live index {} was built before permissions (no _meta.{}): rebuilding", live.get(), Permissions.META_KEY);
            mode = RunMode.FULL;
        }
        ExecutionContext job = chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext();
        String target = mode == RunMode.FULL ? newVersion(spec, live) : live.get();
        if (mode == RunMode.FULL) {
            job.putString(JobKeys.REFRESH_INTERVAL, BuildSettings.pauseRefresh(indexes.client(), target));
        }
        long changed = countChanged(target, mode == RunMode.FULL ? "" : sourceName);

        job.putString(JobKeys.TARGET, target);
        job.putString(JobKeys.EFFECTIVE_MODE, mode.param());
        job.putLong(JobKeys.DOCS_TOTAL, changed);
        log.info("{} run into {}: {} new or changed documents", mode.param(), target, changed);
        return RepeatStatus.FINISHED;
    }

    /**
     * Versions newer than the live one are leftovers of rebuilds that crashed, failed validation or were refused by
     * the quality gate before their swap. Their manifest goes with them: the next version takes the same name, and
     * a manifest that says its documents are already written would leave it empty.
     */
    private String newVersion(EmbeddingSpec spec, Optional<String> live) {
        int liveVersion = live.map(l -> indexes.names().versionOf(l).orElse(0)).orElse(0);
        for (String index : indexes.versions()) {
            if (indexes.names().versionOf(index).orElse(0) > liveVersion) {
                indexes.deleteIndex(index);
                int rows = manifest.forget(index);
                log.info("deleted the unpublished version {} and its {} manifest rows", index, rows);
            }
        }
        return indexes.createNextVersion(spec);
    }

    /** The total for progress: what the index step's reader will yield, counted with the same reader. */
    private long countChanged(String target, String source) {
        ChangedDocumentReader reader = new ChangedDocumentReader(manifest, sources, source, target);
        reader.open(new ExecutionContext());
        try {
            long n = 0;
            while (reader.read() != null) {
                n++;
            }
            return n;
        } finally {
            reader.close();
        }
    }
}
