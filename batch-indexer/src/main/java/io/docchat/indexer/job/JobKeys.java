package io.docchat.indexer.job;

/** Names of the job, its parameters and its execution-context entries. */
final class JobKeys {

    static final String JOB = "index-docs";
    /** Identifying parameters: one job instance per index family, mode, source and requested/scheduled time. */
    static final String INDEX = "index";
    static final String MODE = "mode";
    static final String SOURCE = "source";
    static final String SCHEDULED_AT = "scheduledAt";
    static final String TRIGGER = "trigger";
    /** Non-identifying: publish a full rebuild even when the quality gate refuses it. */
    static final String FORCE = "force";
    /** Job execution context, written by the plan step and read by later steps, also after a restart. */
    static final String TARGET = "target";
    static final String EFFECTIVE_MODE = "effectiveMode";
    static final String DOCS_TOTAL = "docsTotal";
    /** The new version's own refresh interval, paused during a rebuild and restored before validation. */
    static final String REFRESH_INTERVAL = "refreshInterval";
    /** The quality gate's report of a full rebuild (JSON), passed, forced or failed. */
    static final String GATE = "gate";
    /** Step execution context counters, persisted at each commit so restarts keep counting. */
    static final String CHUNKS = "chunks";
    static final String SKIPPED = "skipped";
    static final String DEAD_LETTERS = "deadLetters";
    static final String DELETED = "deletedDocs";

    private JobKeys() {
    }
}
