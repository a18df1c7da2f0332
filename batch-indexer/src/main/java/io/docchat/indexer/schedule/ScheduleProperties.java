package io.docchat.indexer.schedule;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Schedules beyond the per-source incremental crons ({@code docchat.indexer.schedule.*}).
 *
 * @param fullRebuildCron Quartz cron of the periodic full rebuild: every source into a new index version, validated,
 *                        then swapped in by alias (a full run always rebuilds the whole version, so one trigger covers
 *                        every source); empty means none. It also picks up chunking or model changes that an
 *                        incremental run would only apply to changed files.
 * @param required        refuse to start when a source has no cron or the full rebuild has none: in {@code prod} an
 *                        index that silently never refreshes is worse than a failed deployment (on by default there,
 *                        {@code application-prod.yml})
 */
@ConfigurationProperties("docchat.indexer.schedule")
public record ScheduleProperties(@DefaultValue("") String fullRebuildCron, @DefaultValue("false") boolean required) {

    public ScheduleProperties {
        fullRebuildCron = fullRebuildCron == null ? "" : fullRebuildCron.trim();
    }
}
