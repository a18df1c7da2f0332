package io.docchat.chat.chat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code chat_active_conversations}: conversations with an answered question in the last
 * {@code docchat.metrics.active-window} (15 minutes by default). Counted in PostgreSQL, not in memory, so
 * every replica reports the same cluster-wide figure (dashboards take {@code max}, not {@code sum}); refreshed
 * every {@code docchat.metrics.active-refresh} (30 s) on one background thread, never on a scrape, with one
 * query on the {@code query_analytics(created_at)} index.
 */
@Component
class ActiveConversations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActiveConversations.class);

    private final JdbcClient jdbc;
    private final Duration window;
    private final ScheduledExecutorService timer;
    private volatile long active;

    ActiveConversations(JdbcClient jdbc, MeterRegistry registry,
                        @Value("${docchat.metrics.active-window:15m}") Duration window,
                        @Value("${docchat.metrics.active-refresh:30s}") Duration refresh) {
        this.jdbc = jdbc;
        this.window = window;
        Gauge.builder("chat.active.conversations", this, c -> c.active)
                .description("conversations with an answered question in the last " + window + " (all replicas)")
                .register(registry);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("active-conversations").factory());
        timer.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    void refresh() {
        try {
            active = jdbc.sql("SELECT count(DISTINCT conversation_id) FROM chat.query_analytics WHERE created_at > now() - ?::interval")
                    .param(window.toSeconds() + " seconds").query(Long.class).single();
        } catch (RuntimeException e) {
            // keep the last figure: a database outage shows in the health endpoint, not as a drop to zero
            log.debug("active conversations not refreshed: {}", e.toString());
        }
    }

    long active() {
        return active;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
