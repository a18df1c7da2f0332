package io.docchat.indexer.job;

import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Tells the chat servers' caches when an incremental run writes into the live index
 * ({@link IndexRevisions#beginWrites}, {@link IndexRevisions#endWrites}). The index step and the prune step mark
 * the index before their first write, also when a restart runs them again; publishing ends the writes, and so does
 * a run that fails or stops, here. A run killed before either leaves the mark in the index, and the next run's
 * publish step ends it.
 */
@Component
class LiveWrites implements JobExecutionListener, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(LiveWrites.class);

    private final IndexRevisions revisions;

    LiveWrites(IndexManager indexes) {
        this.revisions = new IndexRevisions(indexes);
    }

    /** Before the index step: marks the live index if the plan found documents to write. */
    @Override
    public void beforeStep(StepExecution step) {
        ExecutionContext job = step.getJobExecution().getExecutionContext();
        if (job.getLong(JobKeys.DOCS_TOTAL, 0L) > 0) {
            begin(job);
        }
    }

    /** Marks the live index before an incremental run's first write; a full run's new version needs no mark. */
    void begin(ExecutionContext job) {
        String target = liveTarget(job);
        if (target != null && revisions.beginWrites(target)) {
            log.info("writing into the live index {}: raised its revision", target);
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
        try {
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
