package io.docchat.elastic;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
        @DefaultValue("30s") Duration socketTimeout,
        @DefaultValue("64MB") DataSize maxResponseSize) {

    /**
     * @param maxResponseSize the largest response body the client buffers (the low-level client's heap buffer,
     *                        100 MB by default there); a larger one fails the request with an IOException instead
     *                        of filling the heap, which the chat server answers with 503. Chat-server sets 16 MB
     *                        ({@code DOCCHAT_ELASTIC_MAX_RESPONSE_SIZE}): its largest responses, an {@code _msearch}
     *                        of two 50-hit lists, are well under 1 MB.
     */
    @ConstructorBinding
    public ElasticProperties {
        if (maxResponseSize == null) {
            maxResponseSize = DataSize.ofMegabytes(64);
        }
        if (maxResponseSize.toBytes() < 1024) {
            throw new IllegalArgumentException("docchat.elastic.max-response-size must be at least 1KB");
        }
        if (uris == null || uris.isEmpty()) {
            throw new IllegalArgumentException("docchat.elastic.uris must name at least one node");
        }
        if (keepVersions < 0) {
            throw new IllegalArgumentException("docchat.elastic.keep-versions must be >= 0");
        }
    }

    /** The settings without a response cap of their own (64 MB). */
    public ElasticProperties(List<URI> uris, String username, String password, String apiKey, Path caCertificate,
                             String indexPrefix, int shards, int replicas, int keepVersions, Duration connectTimeout,
                             Duration socketTimeout) {
        this(uris, username, password, apiKey, caCertificate, indexPrefix, shards, replicas, keepVersions, connectTimeout,
                socketTimeout, null);
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
