package io.docchat.elastic.embed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Which embedder to use ({@code docchat.embedding.*}). {@code local} runs BGE-small-en-v1.5 (int8 ONNX) in
 * process; {@code openai} calls any OpenAI-compatible endpoint. The API key comes from the environment
 * ({@code DOCCHAT_EMBEDDING_API_KEY} or {@code OPENAI_API_KEY}).
 */
@ConfigurationProperties("docchat.embedding")
public record EmbeddingProperties(
        @DefaultValue("local") String provider,
        @DefaultValue("2") int threads,
        String model,
        URI baseUrl,
        String apiKey,
        @DefaultValue("0") int dimensions,
        @DefaultValue("64") int batchSize,
        @DefaultValue("30s") Duration timeout) {

    public EmbeddingProperties {
        if (!"local".equals(provider) && !"openai".equals(provider)) {
            throw new IllegalArgumentException("docchat.embedding.provider must be 'local' or 'openai', was " + provider);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("docchat.embedding.threads must be >= 1");
        }
    }

    public static EmbeddingProperties local(int threads) {
        return new EmbeddingProperties("local", threads, null, null, null, 0, 64, Duration.ofSeconds(30));
    }

    /** Creates the configured embedder. */
    public Embedder create() {
        if ("openai".equals(provider)) {
            return new OpenAiEmbedder(this);
        }
        return new BgeSmallEmbedder(threads);
    }
}
