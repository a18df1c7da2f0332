package io.docchat.indexer.system;

import io.docchat.indexer.job.IndexRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * In server mode, a run that a crash left STARTED is recovered and resumed in the background once the app
 * is ready (one-shot mode does the same before its own run).
 */
@Component
@ConditionalOnExpression("'${docchat.indexer.run-once:}'.isEmpty()")
class ResumeOnStart {

    private final IndexRunner runner;

    ResumeOnStart(IndexRunner runner) {
        this.runner = runner;
    }

    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        Thread.ofVirtual().name("resume-interrupted").start(runner::resumeInterrupted);
    }
}
