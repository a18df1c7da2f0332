package io.docchat.indexer.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A request to run the job. {@code scheduledAt} is identifying: the Quartz firing's scheduled time, so a firing
 * can only ever become one job instance; for manual and one-shot runs, the request time. {@code force} publishes a
 * full rebuild that the quality gate refuses.
 */
public record RunRequest(RunMode mode, String source, Instant scheduledAt, String trigger, boolean force) {

    public RunRequest(RunMode mode, String source, Instant scheduledAt, String trigger) {
        this(mode, source, scheduledAt, trigger, false);
    }

    public RunRequest {
        Objects.requireNonNull(mode, "mode");
        source = source == null ? "" : source;
        scheduledAt = Objects.requireNonNull(scheduledAt, "scheduledAt").truncatedTo(ChronoUnit.MILLIS);
        trigger = trigger == null ? "manual" : trigger;
    }

    public static RunRequest now(RunMode mode, String trigger) {
        return new RunRequest(mode, "", Instant.now(), trigger);
    }
}
