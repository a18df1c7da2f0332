package io.docchat.chat.analytics;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Search, chat and feedback events for Kibana (the {@code docchat-analytics} data stream, see ops/kibana):
 * who asked is a keyed hash ({@link UserHash}), never the id. Events are handed to {@link AnalyticsStream},
 * which writes them in the background; with analytics off, nothing is sent. The stream has a client of its own
 * (own connections and short timeouts), so a slow analytics cluster cannot take connections from search.
 */
@Component
public class AnalyticsEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsEvents.class);

    private final UserHash users;
    private final ElasticsearchClient client;
    private final AnalyticsStream stream;

    AnalyticsEvents(AnalyticsProperties props, ElasticProperties elastic, MeterRegistry registry) {
        this.users = new UserHash(props.hashKey());
        if (!props.enabled()) {
            this.client = null;
            this.stream = null;
            return;
        }
        if (props.hashKey() == null || props.hashKey().isBlank()) {
            log.warn("DOCCHAT_ANALYTICS_HASH_KEY is not set: user hashes in analytics change with every restart");
        }
        this.client = ElasticClientFactory.create(new ElasticProperties(
                props.uris().isEmpty() ? elastic.uris() : props.uris(), elastic.username(), elastic.password(),
                elastic.apiKey(), elastic.caCertificate(), elastic.indexPrefix(), elastic.shards(), elastic.replicas(),
                elastic.keepVersions(), Duration.ofSeconds(2), Duration.ofSeconds(10)));
        this.stream = new AnalyticsStream(client, new AnalyticsTemplate(client, props.dataStream(), props.installTemplate()),
                props, registry);
    }

    /** One answered chat question; {@code sources} are the titles of the passages the answer cites. */
    public void chat(AnalyticsEntry e, String status, List<String> sources) {
        Map<String, Object> ev = event("chat", e.userId());
        ev.put("conversation", Map.of("id", e.conversationId().toString()));
        ev.put("message", Map.of("id", e.messageId().toString()));
        ev.put("query", e.query());
        putIfPresent(ev, "standalone_query", e.standaloneQuery());
        ev.put("answer", Map.of("mode", e.retrievalMode(), "status", status));
        ev.put("content_gap", "unanswerable".equals(e.retrievalMode()));
        ev.put("sources", sources);
        putIfPresent(ev, "model", e.model());
        ev.put("cost_usd", e.costUsd() == null ? 0.0 : e.costUsd().doubleValue());
        ev.put("tokens", e.tokensUsed());
        ev.put("response_time_ms", e.responseTimeMs());
        ev.put("cache_hit", e.cacheHit());
        putIfPresent(ev, "routing_reason", e.routingReason());
        send(ev);
    }

    /** Thumbs up or down on an answer, with the question and the sources it cited (for "thumbs-down by source"). */
    public void feedback(UUID messageId, String userId, String query, String rating, String reason, List<String> sources,
                         String model) {
        Map<String, Object> ev = event("feedback", userId);
        ev.put("message", Map.of("id", messageId.toString()));
        putIfPresent(ev, "query", query);
        Map<String, Object> feedback = new LinkedHashMap<>();
        feedback.put("rating", rating);
        putIfPresent(feedback, "reason", reason);
        ev.put("feedback", feedback);
        ev.put("sources", sources);
        putIfPresent(ev, "model", model);
        send(ev);
    }

    /**
     * One answered search, first pages only (a further page is the same question); no hits is a content gap.
     * Called on the request thread: the caller is read from the request.
     */
    public void search(String query, int offset, int results, double topScore, long nanos) {
        if (stream == null || offset > 0) {
            return;
        }
        Map<String, Object> ev = event("search", Caller.current());
        ev.put("query", query);
        ev.put("results", Map.of("count", results, "top_score", topScore));
        ev.put("content_gap", results == 0);
        ev.put("response_time_ms", (int) (nanos / 1_000_000));
        send(ev);
    }

    private Map<String, Object> event(String kind, String userId) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("@timestamp", Instant.now().toString());
        ev.put("event", Map.of("kind", kind));
        putIfPresent(ev, "user", userId == null ? null : Map.of("hash", users.of(userId)));
        return ev;
    }

    private static void putIfPresent(Map<String, Object> ev, String key, Object value) {
        if (value != null) {
            ev.put(key, value);
        }
    }

    private void send(Map<String, Object> ev) {
        if (stream != null) {
            stream.offer(ev);
        }
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
            try {
                client.close();
            } catch (Exception e) {
                log.debug("analytics client close: {}", e.toString());
            }
        }
    }
}
