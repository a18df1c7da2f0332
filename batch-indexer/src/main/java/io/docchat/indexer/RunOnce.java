package io.docchat.indexer;

import io.docchat.indexer.job.IndexRunner;
import io.docchat.indexer.job.RunMode;
import io.docchat.indexer.job.RunRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * One-shot mode ({@code docchat.indexer.run-once=incremental|full}): resume what a crash left, run once, and
 * let {@link BatchIndexerApplication} exit with 0 when the run completed, 1 otherwise.
 */
@Component
@ConditionalOnExpression("!'${docchat.indexer.run-once:}'.isEmpty()")
class RunOnce implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(RunOnce.class);

    private final IndexRunner runner;
    private final IndexerProperties props;
    private volatile int exitCode = 1;

    RunOnce(IndexRunner runner, IndexerProperties props) {
        this.runner = runner;
        this.props = props;
    }

    @Override
    public void run(ApplicationArguments args) {
        JobExecution execution = runner.run(RunRequest.now(RunMode.parse(props.runOnce()), "once"));
        BatchStatus status = execution == null ? BatchStatus.COMPLETED : execution.getStatus();
        log.info("one-shot {} run finished: {}", props.runOnce(), status);
        exitCode = status == BatchStatus.COMPLETED ? 0 : 1;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
