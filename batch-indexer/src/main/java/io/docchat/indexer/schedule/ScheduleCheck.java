package io.docchat.indexer.schedule;

import io.docchat.indexer.source.SourceProperties;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.util.List;

/**
 * Start-up check of the configured crons: a malformed expression always stops the start, and when schedules are
 * {@linkplain ScheduleProperties#required() required} so does a missing one. Each problem is one line naming the
 * property and the environment variable that sets it.
 */
final class ScheduleCheck {

    private ScheduleCheck() {
    }

    static void verify(List<SourceProperties> sources, ScheduleProperties schedule) {
        if (schedule.required() && sources.isEmpty()) {
            throw new IllegalStateException("no source configured (docchat.indexer.sources[0].name/path, "
                    + "DOCCHAT_INDEXER_SOURCES_0_NAME/_PATH) and docchat.indexer.schedule.required=true");
        }
        for (int i = 0; i < sources.size(); i++) {
            String property = "docchat.indexer.sources[" + i + "].cron (DOCCHAT_INDEXER_SOURCES_" + i + "_CRON)";
            check(sources.get(i).cron(), property + " of source '" + sources.get(i).name() + "'", schedule.required());
        }
        check(schedule.fullRebuildCron(),
                "docchat.indexer.schedule.full-rebuild-cron (DOCCHAT_INDEXER_SCHEDULE_FULL_REBUILD_CRON)", schedule.required());
    }

    private static void check(String cron, String property, boolean required) {
        if (cron.isBlank()) {
            if (required) {
                throw new IllegalStateException(property + " is empty and docchat.indexer.schedule.required=true "
                        + "(the prod profile): set a Quartz cron, e.g. '0 */15 * * * ?'");
            }
            return;
        }
        try {
            CronExpression.validateExpression(cron);
        } catch (ParseException e) {
            throw new IllegalStateException(property + " is not a Quartz cron expression ('" + cron + "'): " + e.getMessage());
        }
    }
}
