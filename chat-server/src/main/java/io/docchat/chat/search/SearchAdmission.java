package io.docchat.chat.search;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How many cache-miss searches run at once per instance. A miss needs the embedder and Elasticsearch, which
 * share the CPU: beyond a few misses in flight per core, more only queue up inside the CPU and in
 * Elasticsearch's search queue, each waiting behind all the others (processor sharing). Here the surplus
 * waits in arrival order (a fair Resilience4j bulkhead), and a search that cannot start within
 * {@code maxWait} is shed with 503 and {@code Retry-After} ({@link SearchOverloadedException}) instead of
 * piling up without end when Elasticsearch slows down. Cache hits never wait here.
 *
 * <p>The default, four per core, does not limit a healthy instance: measured on 2 cores with 8 closed-loop
 * clients, admitting only 2, 3 or 4 at once tightened the latency distribution (p99 / mean 1.26 at 2) but
 * left the cores idle between stages and lost throughput (99-122 q/s against 133 unlimited,
 * ops/bench/results/search.md).
 */
final class SearchAdmission {

    private final Bulkhead bulkhead;
    private final Timer waited;
    private final Counter shed;

    SearchAdmission(SearchAdmissionProperties props, MeterRegistry registry) {
        int concurrent = props.admitted();
        this.bulkhead = Bulkhead.of("search", BulkheadConfig.custom()
                .maxConcurrentCalls(concurrent)
                .maxWaitDuration(props.maxWait())
                .fairCallHandlingStrategyEnabled(true)
                .writableStackTraceEnabled(false)
                .build());
        this.waited = Timer.builder("docchat.search.admission.wait").description("time a cache-miss search waited to start")
                .publishPercentileHistogram().register(registry);
        this.shed = Counter.builder("docchat.search.admission.shed")
                .description("cache-miss searches refused because none could start within the maximum wait").register(registry);
        Gauge.builder("docchat.search.admission.in.flight", bulkhead,
                        b -> concurrent - b.getMetrics().getAvailableConcurrentCalls())
                .description("cache-miss searches running now").register(registry);
    }

    <T> T run(Supplier<T> work) {
        long start = System.nanoTime();
        try {
            bulkhead.acquirePermission();
        } catch (BulkheadFullException e) {
            shed.increment();
            throw new SearchOverloadedException("too many searches at once: none could start within "
                    + bulkhead.getBulkheadConfig().getMaxWaitDuration().toMillis() + " ms; retry shortly");
        }
        waited.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        try {
            return work.get();
        } finally {
            bulkhead.onComplete();
        }
    }

    int maxConcurrent() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
    }
}
