package io.docchat.chat.llm;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.Timeout;
import io.docchat.elastic.embed.Embedder;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The LLM client when an endpoint or key is configured, the disabled one otherwise; the model table. */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LlmConfiguration.class);

    /** Prices as published for these models; override the whole table in docchat.llm.models. */
    static final List<ModelSpec> DEFAULT_MODELS = List.of(
            new ModelSpec("gpt-4.1-nano", Tier.ECONOMY, new java.math.BigDecimal("0.10"), new java.math.BigDecimal("0.40"), 1_047_576),
            new ModelSpec("gpt-4.1-mini", Tier.STANDARD, new java.math.BigDecimal("0.40"), new java.math.BigDecimal("1.60"), 1_047_576),
            new ModelSpec("gpt-4.1", Tier.PREMIUM, new java.math.BigDecimal("2.00"), new java.math.BigDecimal("8.00"), 1_047_576));

    /** openai-java on the single-attempt transport, with its own retries off. */
    static OpenAIClient openAiClient(LlmProperties props, String key) {
        ClientOptions.Builder options = ClientOptions.builder()
                .httpClient(new SingleAttemptHttpClient(props.connectTimeout(), props.firstTokenTimeout(), props.totalTimeout(),
                        props.maxResponseSize().toBytes()))
                .apiKey(key == null || key.isBlank() ? "none" : key)
                .maxRetries(0) // OpenAiLlmClient is the one retry layer
                .timeout(Timeout.builder()
                        .connect(props.connectTimeout())
                        .read(props.firstTokenTimeout())
                        .request(props.totalTimeout())
                        .build());
        if (props.baseUrl() != null && !props.baseUrl().isBlank()) {
            options.baseUrl(props.baseUrl());
        }
        return new OpenAIClientImpl(options.build());
    }

    @Bean
    ModelCatalog modelCatalog(LlmProperties props) {
        return new ModelCatalog(props.models().isEmpty() ? DEFAULT_MODELS : props.models());
    }

    @Bean
    TokenCounter tokenCounter(Embedder embedder) {
        return new TokenCounter(embedder);
    }

    /** Not an Executor bean on purpose: one would switch off Boot's own task executor. */
    @Bean(destroyMethod = "close")
    LlmClient llmClient(LlmProperties props, TokenCounter tokens, MeterRegistry registry) {
        String key = LlmProperties.apiKeyFromEnvironment();
        boolean hasUrl = props.baseUrl() != null && !props.baseUrl().isBlank();
        if (!hasUrl && (key == null || key.isBlank())) {
            log.info("no LLM endpoint configured (DOCCHAT_LLM_BASE_URL / OPENAI_API_KEY): answers are extractive");
            return new DisabledLlmClient();
        }
        log.info("LLM endpoint {}", hasUrl ? props.baseUrl() : "OpenAI");
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("llm-deadlines").factory());
        return new OpenAiLlmClient(openAiClient(props, key), props, timers, tokens, new LlmMetrics(registry));
    }
}
