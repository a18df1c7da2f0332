package io.docchat.indexer.admin;

import io.docchat.indexer.job.RunProgress;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** One run as the admin API shows it: parameters, status, per-step counts and, while running, progress. */
record RunView(long id, String status, String exitCode, Map<String, String> parameters, Instant startedAt, Instant endedAt,
               Map<String, Map<String, Object>> steps, RunProgress.Snapshot progress, Map<String, Object> gate) {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = io.docchat.elastic.ElasticClientFactory.objectMapper();

    static RunView of(JobExecution e, RunProgress.Snapshot progress) {
        Map<String, String> params = new LinkedHashMap<>();
        e.getJobParameters().parameters().forEach(p -> params.put(p.name(), String.valueOf(p.value())));
        Map<String, Map<String, Object>> steps = new LinkedHashMap<>();
        for (StepExecution s : e.getStepExecutions()) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("status", s.getStatus().toString());
            counts.put("read", s.getReadCount());
            counts.put("written", s.getWriteCount());
            s.getExecutionContext().entrySet().forEach(en -> {
                if (en.getValue() instanceof Number) {
                    counts.put(en.getKey(), en.getValue());
                }
            });
            steps.put(s.getStepName(), counts);
        }
        return new RunView(e.getId(), e.getStatus().toString(), e.getExitStatus().getExitCode(), params,
                instant(e.getStartTime()), instant(e.getEndTime()), steps, progress, gate(e));
    }

    /** A full rebuild's quality gate report (outcome, figures per source, failing canaries, reason), or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> gate(JobExecution e) {
        String report = e.getExecutionContext().getString("gate", null);
        if (report == null) {
            return null;
        }
        try {
            return JSON.readValue(report, Map.class);
        } catch (java.io.IOException invalid) {
            return Map.of("unreadable", report);
        }
    }

    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.atZone(ZoneId.systemDefault()).toInstant();
    }

    /** The answer to a trigger: what was asked for; follow {@code Location} for progress. */
    record Accepted(String mode, String source, Instant requestedAt) {
    }
}
