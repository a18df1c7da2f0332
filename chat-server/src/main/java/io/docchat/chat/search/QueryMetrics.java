package io.docchat.chat.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The seed's query metrics, shared by the search and chat APIs: {@code chat_queries_total{status,api}} and
 * the {@code chat_response_time_seconds} histogram; plus search latency by stage
 * ({@code docchat_search_stage_seconds{stage=embed|elasticsearch|fusion|fetch}}).
 */
@Component
public class QueryMetrics {

    private final MeterRegistry registry;
    private final Timer embed;
    private final Timer elasticsearch;
    private final Timer fusion;
    private final Timer fetch;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.embed = stage("embed");
        this.elasticsearch = stage("elasticsearch");
        this.fusion = stage("fusion");
        this.fetch = stage("fetch");
    }

    /** Counts one answered request and records its server time; {@code status} is e.g. ok, invalid, error. */
    public void query(String api, String status, long nanos) {
        // the meters are looked up once per (api, status): building a meter id per request showed in the profile
        counters.computeIfAbsent(api + "\n" + status, k -> Counter.builder("chat.queries")
                .description("queries by API and outcome").tags("api", api, "status", status).register(registry)).increment();
        timers.computeIfAbsent(api, k -> Timer.builder("chat.response.time").description("server time per query")
                .tags("api", api)
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofMillis(100))
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    <T> T embed(Supplier<T> work) {
        return embed.record(work);
    }

    <T> T elasticsearch(Supplier<T> work) {
        return elasticsearch.record(work);
    }

    <T> T fusion(Supplier<T> work) {
        return fusion.record(work);
    }

    <T> T fetch(Supplier<T> work) {
        return fetch.record(work);
    }

    private Timer stage(String name) {
        return Timer.builder("docchat.search.stage").description("search latency by stage")
                .tag("stage", name).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }
}
