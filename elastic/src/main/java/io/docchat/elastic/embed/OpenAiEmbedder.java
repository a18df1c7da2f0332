package io.docchat.elastic.embed;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.errors.InternalServerException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.docchat.elastic.EmbeddingSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings from an OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama) through openai-java.
 * The client's own retries (with backoff, honouring Retry-After) are the only retry layer.
 */
public final class OpenAiEmbedder implements Embedder {

    private final OpenAIClient client;
    private final String model;
    private final int dimensions;
    private final int batchSize;

    public OpenAiEmbedder(EmbeddingProperties props) {
        if (props.model() == null || props.model().isBlank()) {
            throw new IllegalArgumentException("docchat.embedding.model is required for provider 'openai'");
        }
        if (props.dimensions() < 1) {
            throw new IllegalArgumentException("docchat.embedding.dimensions is required for provider 'openai'");
        }
        String key = props.apiKey() != null ? props.apiKey() : System.getenv("OPENAI_API_KEY");
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .apiKey(key == null ? "none" : key)
                .timeout(props.timeout())
                .maxRetries(3);
        if (props.baseUrl() != null) {
            builder.baseUrl(props.baseUrl().toString());
        }
        this.client = builder.build();
        this.model = props.model();
        this.dimensions = props.dimensions();
        this.batchSize = props.batchSize();
    }

    @Override
    public EmbeddingSpec spec() {
        return new EmbeddingSpec(model, dimensions, "cosine");
    }

    @Override
    public float[] embedQuery(String query) {
        return embedPassages(List.of(query)).get(0);
    }

    @Override
    public List<float[]> embedPassages(List<String> passages) {
        List<float[]> out = new ArrayList<>(passages.size());
        for (int from = 0; from < passages.size(); from += batchSize) {
            List<String> batch = passages.subList(from, Math.min(passages.size(), from + batchSize));
            out.addAll(call(batch));
        }
        return out;
    }

    private List<float[]> call(List<String> batch) {
        try {
            CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                    .model(model)
                    .inputOfArrayOfStrings(batch)
                    .dimensions(dimensions)
                    .build());
            float[][] vectors = new float[batch.size()][];
            response.data().forEach(e -> {
                List<Float> values = e.embedding();
                float[] v = new float[values.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = values.get(i);
                }
                vectors[(int) e.index()] = BgeSmallEmbedder.normalize(v);
            });
            return List.of(vectors);
        } catch (RateLimitException | InternalServerException | OpenAIIoException e) {
            throw new EmbeddingException("embedding endpoint unavailable: " + e.getMessage(), e, true);
        } catch (OpenAIServiceException e) {
            throw new EmbeddingException("embedding endpoint refused the request: " + e.getMessage(), e, false);
        }
    }

    /** A rough count (about four characters a token); remote models do not expose their tokenizer. */
    @Override
    public int countTokens(String text) {
        return (text.length() + 3) / 4;
    }

    @Override
    public int maxTokens() {
        return 8191;
    }

    @Override
    public void close() {
        client.close();
    }
}
