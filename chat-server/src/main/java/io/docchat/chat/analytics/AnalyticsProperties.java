package io.docchat.chat.analytics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Analytics events for Kibana, written to an Elasticsearch data stream besides the PostgreSQL rows.
 *
 * @param enabled         off: only PostgreSQL keeps analytics
 * @param dataStream      the data stream; its index template carries the same name
 * @param uris            another cluster for analytics (e.g. a monitoring cluster); empty = {@code docchat.elastic.uris},
 *                        with the same credentials
 * @param hashKey         the HMAC key that turns user ids into {@code user.hash} (DOCCHAT_ANALYTICS_HASH_KEY); blank =
 *                        a random key per process (hashes change on restart), refused when {@code requireHashKey}
 * @param requireHashKey  the prod profile sets it: no start without a key
 * @param queueCapacity   events waiting to be written; beyond it events are dropped (and counted), never waited for
 * @param batchSize       events per bulk request
 * @param flushInterval   how long an event may wait for a fuller batch
 * @param installTemplate put the index template (with the data stream lifecycle) at start (needs
 *                        manage_index_templates); off when an operator installs it
 */
@ConfigurationProperties("docchat.analytics")
public record AnalyticsProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("docchat-analytics") String dataStream,
                                  List<URI> uris,
                                  String hashKey,
                                  @DefaultValue("false") boolean requireHashKey,
                                  @DefaultValue("10000") int queueCapacity,
                                  @DefaultValue("500") int batchSize,
                                  @DefaultValue("1s") Duration flushInterval,
                                  @DefaultValue("true") boolean installTemplate) {

    public AnalyticsProperties {
        uris = uris == null ? List.of() : List.copyOf(uris);
        if (enabled && requireHashKey && (hashKey == null || hashKey.isBlank())) {
            throw new IllegalStateException("DOCCHAT_ANALYTICS_HASH_KEY is not set (the key that hashes user ids in analytics)");
        }
        if (queueCapacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("docchat.analytics.queue-capacity and batch-size must be at least 1");
        }
    }
}
