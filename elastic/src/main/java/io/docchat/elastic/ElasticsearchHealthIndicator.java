package io.docchat.elastic;

import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the cluster through {@code /_cluster/health} (the minimal distribution has no {@code GET /}) and
 * the index generation behind the read alias.
 */
public class ElasticsearchHealthIndicator extends AbstractHealthIndicator {

    private final IndexManager indexManager;

    public ElasticsearchHealthIndicator(IndexManager indexManager) {
        super("Elasticsearch health check failed");
        this.indexManager = indexManager;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HealthResponse health = indexManager.client().cluster().health(h -> h.timeout(t -> t.time("2s")));
        builder.status(health.status() == HealthStatus.Red ? org.springframework.boot.health.contributor.Status.DOWN
                        : org.springframework.boot.health.contributor.Status.UP)
                .withDetail("cluster", health.clusterName())
                .withDetail("status", health.status().jsonValue())
                .withDetail("nodes", health.numberOfNodes())
                .withDetail("readIndex", indexManager.readIndex().orElse("none"));
    }
}
