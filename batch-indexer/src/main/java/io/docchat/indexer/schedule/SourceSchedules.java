package io.docchat.indexer.schedule;

import io.docchat.elastic.IndexManager;
import io.docchat.indexer.IndexerProperties;
import io.docchat.indexer.job.RunMode;
import io.docchat.indexer.source.SourceProperties;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the Quartz store in step with the configuration at start-up: one cron trigger per scheduled source
 * (incremental runs) and one for the periodic full rebuild, triggers no longer configured removed. The crons are
 * checked when the bean is made, so a missing or malformed one stops the start ({@link ScheduleCheck}). Misfires (firings missed while every instance was down)
 * are dropped on purpose: the next firing runs incrementally and catches up with everything anyway. A firing
 * whose instance died while running it is recovered: once the cluster sees the instance gone (about 15 s),
 * another instance fires it again for the same scheduled time, and that run first resumes the orphaned
 * execution from its last commit (SchedulerFailoverIT), instead of waiting for the next cron firing.
 */
@Component
@ConditionalOnExpression("'${docchat.indexer.run-once:}'.isEmpty()")
class SourceSchedules {

    private static final Logger log = LoggerFactory.getLogger(SourceSchedules.class);

    private final Scheduler scheduler;
    private final IndexerProperties props;
    /** Not a valid source name (those are [A-Za-z0-9_.-]), so it can never collide with a source's trigger. */
    static final String FULL_REBUILD = "(full-rebuild)";

    private final String group;
    private final ScheduleProperties schedule;

    SourceSchedules(Scheduler scheduler, IndexerProperties props, ScheduleProperties schedule, IndexManager indexes) {
        ScheduleCheck.verify(props.sources(), schedule);
        this.scheduler = scheduler;
        this.props = props;
        this.schedule = schedule;
        this.group = "docchat-indexer:" + indexes.names().prefix();
    }

    private boolean unchanged(Trigger wanted) {
        try {
            return scheduler.getTrigger(wanted.getKey()) instanceof CronTrigger existing
                    && existing.getCronExpression().equals(((CronTrigger) wanted).getCronExpression())
                    && existing.getJobDataMap().equals(wanted.getJobDataMap());
        } catch (SchedulerException e) {
            return false;
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() throws SchedulerException {
        JobDetail job = JobBuilder.newJob(IndexQuartzJob.class).withIdentity(JobKey.jobKey("index-docs", group))
                .storeDurably().requestRecovery(true).build();
        Set<Trigger> triggers = new HashSet<>();
        for (SourceProperties source : props.sources()) {
            if (!source.cron().isBlank()) {
                triggers.add(TriggerBuilder.newTrigger()
                        .withIdentity(TriggerKey.triggerKey(source.name(), group))
                        .forJob(job)
                        .usingJobData(IndexQuartzJob.SOURCE, source.name())
                        .usingJobData(IndexQuartzJob.MODE, RunMode.INCREMENTAL.param())
                        .withSchedule(CronScheduleBuilder.cronSchedule(source.cron()).withMisfireHandlingInstructionDoNothing())
                        .build());
            }
        }
        if (!schedule.fullRebuildCron().isBlank()) {
            triggers.add(TriggerBuilder.newTrigger()
                    .withIdentity(TriggerKey.triggerKey(FULL_REBUILD, group))
                    .forJob(job)
                    .usingJobData(IndexQuartzJob.SOURCE, "")
                    .usingJobData(IndexQuartzJob.MODE, RunMode.FULL.param())
                    .withSchedule(CronScheduleBuilder.cronSchedule(schedule.fullRebuildCron()).withMisfireHandlingInstructionDoNothing())
                    .build());
        }
        Set<TriggerKey> wanted = new HashSet<>();
        triggers.forEach(t -> wanted.add(t.getKey()));
        for (TriggerKey existing : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(group))) {
            if (!wanted.contains(existing)) {
                scheduler.unscheduleJob(existing);
            }
        }
        // Replacing an unchanged trigger would recompute its first fire time from "now", and Quartz can then
        // fire the current second again: every instance's start-up would repeat the latest firing.
        triggers.removeIf(this::unchanged);
        if (triggers.isEmpty()) {
            return;
        }
        scheduler.scheduleJobs(Map.of(job, triggers), true);
        log.info("scheduled {} source(s) in group {}", triggers.size(), group);
    }
}
