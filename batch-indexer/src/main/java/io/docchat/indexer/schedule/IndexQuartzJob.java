package io.docchat.indexer.schedule;

import io.docchat.indexer.job.IndexRunner;
import io.docchat.indexer.job.RunInProgressException;
import io.docchat.indexer.job.RunMode;
import io.docchat.indexer.job.RunRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Quartz firing → one run: incremental for a source's trigger, full (every source, new version) for the
 * periodic rebuild; triggers stored before the mode was recorded are incremental. The scheduled (not actual) fire time is an
 * identifying job parameter, so even a firing delivered twice could only ever run once. In a cluster, Quartz's
 * JDBC store hands each firing to one instance; concurrent firings of one job wait for each other.
 */
@DisallowConcurrentExecution
class IndexQuartzJob implements Job {

    static final String SOURCE = "source";
    static final String MODE = "mode";
    private static final Logger log = LoggerFactory.getLogger(IndexQuartzJob.class);

    private final IndexRunner runner;
    private final MeterRegistry meters;

    IndexQuartzJob(IndexRunner runner, MeterRegistry meters) {
        this.runner = runner;
        this.meters = meters;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String source = context.getMergedJobDataMap().getString(SOURCE);
        String mode = context.getMergedJobDataMap().getString(MODE);
        RunRequest request = new RunRequest(mode == null ? RunMode.INCREMENTAL : RunMode.parse(mode), source,
                scheduledAt(context), "schedule");
        try {
            var execution = runner.run(request);
            log.info("scheduled {} run of {} for {}: {}", request.mode().param(), source, request.scheduledAt(),
                    execution == null ? "already done" : execution.getStatus());
            firing(execution == null ? "duplicate" : "ran");
        } catch (RunInProgressException e) {
            // Another instance is indexing: this firing's changes are picked up by the next one.
            log.info("scheduled run of {} for {} skipped: {}", source, request.scheduledAt(), e.getMessage());
            firing("busy");
        }
    }

    /**
     * The firing's scheduled time; for a firing recovered from an instance that died running it, the original
     * one, so the recovered firing is the same run (same job instance) and resumes it rather than adding one.
     */
    private static java.time.Instant scheduledAt(JobExecutionContext context) {
        if (context.isRecovering()) {
            String original = context.getMergedJobDataMap().getString(
                    org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            if (original != null) {
                return java.time.Instant.ofEpochMilli(Long.parseLong(original));
            }
        }
        return context.getScheduledFireTime().toInstant();
    }

    private void firing(String outcome) {
        meters.counter("docchat.indexer.schedule.firings", "outcome", outcome).increment();
    }
}
