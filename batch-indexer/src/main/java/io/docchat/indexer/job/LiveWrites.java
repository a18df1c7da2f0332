package io.docchat.indexer.job;

import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Tells the chat servers' caches when an incremental run writes into the live index
 * ({@link IndexRevisions#beginWrites}, {@link IndexRevisions#endWrites}). The index step's writer and the prune
 * step mark the index before their first write, also when a restart runs them again; publishing ends the writes,
 * and so does a run that fails or stops, here. A run killed before either leaves its mark in the index: the next
 * run raises the revision again before it writes (the mark is another execution's), and its publish step ends it.
 */
@Component
class LiveWrites implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(LiveWrites.class);

    private final IndexManager indexes;
    private final IndexRevisions revisions;

    LiveWrites(IndexManager indexes) {
        this.indexes = indexes;
        this.revisions = new IndexRevisions(indexes);
    }

    /** Marks the live index before an incremental run's first write; a full run's new version needs no mark. */
    void begin(JobExecution execution) {
        String target = liveTarget(execution.getExecutionContext());
        if (target != null && revisions.beginWrites(target, "run " + execution.getId())) {
            log.info("run {} writes into the live index {}: raised its revision", execution.getId(), target);
        }
    }

    /** Ends the writes into the live index: a new revision if it was marked; {@code why} goes to the log. */
    void end(ExecutionContext job, String why) {
        String target = liveTarget(job);
        if (target != null) {
            revisions.endWrites(target).ifPresent(revision -> log.info("{}: {} is at revision {}", why, target, revision));
        }
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return;
        }
        String target = liveTarget(execution.getExecutionContext());
        if (target == null) {
            return;
        }
        try {
            indexes.refresh(target); // a new revision must not be read before what was written is visible
            end(execution.getExecutionContext(), "run " + execution.getId() + " ended " + execution.getStatus());
        } catch (RuntimeException e) {
            log.warn("run {} ended {} with the live index marked as being written, and the mark could not be cleared ({}): "
                    + "the next run clears it", execution.getId(), execution.getStatus(), e.getMessage());
        }
    }

    private static String liveTarget(ExecutionContext job) {
        boolean incremental = RunMode.parse(job.getString(JobKeys.EFFECTIVE_MODE, RunMode.FULL.param())) == RunMode.INCREMENTAL;
        return incremental ? job.getString(JobKeys.TARGET, null) : null;
    }
}
