package io.docchat.chat.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** Server time before the LLM call (the benchmark's figure), answers by mode, removed citations. */
final class ChatMetrics {

    private final MeterRegistry registry;
    private final Timer beforeLlm;

    ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.beforeLlm = Timer.builder("docchat.chat.before.llm")
                .description("server time from request to the LLM call: load, condense, retrieve, route, prompt")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    /** Times one pipeline stage: {@code docchat.chat.stage{stage}}. */
    <T> T stage(String stage, java.util.function.Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            Timer.builder("docchat.chat.stage").tag("stage", stage).register(registry)
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    void beforeLlm(Turn turn) {
        beforeLlm.record(System.nanoTime() - turn.startedNanos(), TimeUnit.NANOSECONDS);
    }

    void answered(String mode, int removedCitations) {
        Counter.builder("docchat.chat.answers").tag("mode", mode).register(registry).increment();
        if (removedCitations > 0) {
            Counter.builder("docchat.chat.citations.removed").register(registry).increment(removedCitations);
        }
    }

    Timer beforeLlmTimer() {
        return beforeLlm;
    }
}
