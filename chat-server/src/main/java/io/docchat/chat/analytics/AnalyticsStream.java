package io.docchat.chat.analytics;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes analytics events to the data stream in bulk, on one background thread. A request only offers its
 * event to a bounded queue: when the queue is full (Elasticsearch slow or away) the event is dropped and
 * counted, so writing analytics never slows or fails an answer. Events are counted in
 * {@code docchat_analytics_events_total{outcome=queued|written|dropped|failed}}. Nothing is written until the
 * index template is in place (else the first write would create a plain index with guessed mappings).
 */
final class AnalyticsStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsStream.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final ElasticsearchClient client;
    private final AnalyticsTemplate template;
    private final String dataStream;
    private final int batchSize;
    private final long flushMillis;
    private final BlockingQueue<Map<String, Object>> queue;
    private final Counter queued;
    private final Counter dropped;
    private final Counter written;
    private final Counter failed;
    private final Thread writer;
    private volatile boolean closed;
    private boolean ready;
    private long backoffMs;

    AnalyticsStream(ElasticsearchClient client, AnalyticsTemplate template, AnalyticsProperties props, MeterRegistry registry) {
        this.client = client;
        this.template = template;
        this.dataStream = props.dataStream();
        this.batchSize = props.batchSize();
        this.flushMillis = props.flushInterval().toMillis();
        this.queue = new ArrayBlockingQueue<>(props.queueCapacity());
        this.queued = counter(registry, "queued");
        this.dropped = counter(registry, "dropped");
        this.written = counter(registry, "written");
        this.failed = counter(registry, "failed");
        this.writer = Thread.ofPlatform().daemon().name("analytics-writer").start(this::run);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("docchat.analytics.events").description("analytics events for the Elasticsearch data stream")
                .tag("outcome", outcome).register(registry);
    }

    /** Never blocks: a full queue drops the event. */
    void offer(Map<String, Object> event) {
        if (!closed && queue.offer(event)) {
            queued.increment();
        } else {
            dropped.increment();
        }
    }

    private void run() {
        List<Map<String, Object>> batch = new ArrayList<>(batchSize);
        while (!closed || !queue.isEmpty()) {
            try {
                Map<String, Object> first = queue.poll(flushMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                write(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("analytics writer: {}", e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Map<String, Object>> batch) throws InterruptedException {
        try {
            if (!ready) {
                template.install();
                ready = true;
            }
            BulkResponse response = client.bulk(b -> {
                batch.forEach(doc -> b.operations(o -> o.create(c -> c.index(dataStream).document(doc))));
                return b;
            });
            long errors = response.items().stream().filter(i -> i.error() != null).count();
            written.increment(batch.size() - errors);
            if (errors > 0) {
                failed.increment(errors);
                BulkResponseItem item = response.items().stream().filter(i -> i.error() != null).findFirst().orElseThrow();
                log.warn("{} of {} analytics events refused by {}: {}", errors, batch.size(), dataStream, item.error().reason());
            }
            backoffMs = 0;
        } catch (Exception e) {
            failed.increment(batch.size());
            backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(500, backoffMs * 2));
            log.warn("{} analytics events not written to {} ({}); next try in {} ms", batch.size(), dataStream, e.toString(), backoffMs);
            Thread.sleep(backoffMs); // the queue fills meanwhile, and drops what does not fit
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }
}
