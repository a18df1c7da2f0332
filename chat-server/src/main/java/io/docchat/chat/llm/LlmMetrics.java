package io.docchat.chat.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** {@code openai_tokens_used_total{model,type}} and LLM call timers by model and outcome. */
final class LlmMetrics {

    private final MeterRegistry registry;

    LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recordCall(LlmRequest request, Usage usage, String outcome, long nanos) {
        String model = request.model().name();
        Timer.builder("docchat.llm.call").tag("model", model).tag("purpose", request.purpose()).tag("outcome", outcome)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (usage.total() > 0) {
            tokens(model, "input").increment(usage.inputTokens());
            tokens(model, "output").increment(usage.outputTokens());
        }
    }

    private Counter tokens(String model, String type) {
        return Counter.builder("openai.tokens.used").tag("model", model).tag("type", type)
                .description("tokens billed by the LLM provider").register(registry);
    }
}
