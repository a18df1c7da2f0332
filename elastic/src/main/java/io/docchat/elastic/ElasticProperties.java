package io.docchat.elastic;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Connection and index settings shared by both apps ({@code docchat.elastic.*}). Credentials come from
 * the environment ({@code DOCCHAT_ELASTIC_PASSWORD}, {@code DOCCHAT_ELASTIC_API_KEY}), never from files in the repo.
 */
@ConfigurationProperties("docchat.elastic")
public record ElasticProperties(
        @DefaultValue("http://127.0.0.1:9200") List<URI> uris,
        String username,
        String password,
        String apiKey,
        Path caCertificate,
        @DefaultValue("docchat-chunks") String indexPrefix,
        @DefaultValue("1") int shards,
        @DefaultValue("0") int replicas,
        @DefaultValue("2") int keepVersions,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration socketTimeout) {

    public ElasticProperties {
        if (uris == null || uris.isEmpty()) {
            throw new IllegalArgumentException("docchat.elastic.uris must name at least one node");
        }
        if (keepVersions < 0) {
            throw new IllegalArgumentException("docchat.elastic.keep-versions must be >= 0");
        }
    }

    /** Settings for a local, unauthenticated cluster; used by tools and tests. */
    public static ElasticProperties local(String uri, String indexPrefix) {
        return new ElasticProperties(List.of(URI.create(uri)), null, null, null, null, indexPrefix, 1, 0, 2,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public ChunkIndex chunkIndex() {
        return new ChunkIndex(indexPrefix);
    }
}
