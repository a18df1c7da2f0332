package io.docchat.chat.llm;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * The LLM endpoint and the model table. The API key is read from the environment only
 * ({@code DOCCHAT_LLM_API_KEY}, else {@code OPENAI_API_KEY}), never from a file.
 *
 * @param baseUrl           OpenAI-compatible base URL; empty with no API key means extractive mode
 * @param firstTokenTimeout how long to wait for the first answer token (also the socket read timeout)
 * @param totalTimeout      the whole answer, retries included
 * @param maxAttempts       upstream calls per completion, the first included
 * @param maxRetryAfter     a longer Retry-After is not waited for: the call fails at once
 * @param maxOutputTokens   {@code max_tokens} of answer calls
 * @param condenseMaxTokens {@code max_tokens} of the follow-up rewrite
 * @param maxAnswerChars    the most answer text kept from one call, whatever {@code max_tokens} the provider honours:
 *                          a stream that goes past it is cut there, closed (the provider stops generating) and ends
 *                          as a complete answer with finish reason {@code length}. 32,000 by default: 8 times what
 *                          {@code max-output-tokens} 1024 yields at ~4 characters a token
 * @param maxResponseSize   the most bytes read from one HTTP response of the provider (SSE framing included; an
 *                          error body too); past it the read fails, before the heap does. 4 MB by default
 */
@ConfigurationProperties("docchat.llm")
public record LlmProperties(String baseUrl,
                            @DefaultValue("3s") Duration connectTimeout,
                            @DefaultValue("15s") Duration firstTokenTimeout,
                            @DefaultValue("60s") Duration totalTimeout,
                            @DefaultValue("3") int maxAttempts,
                            @DefaultValue("500ms") Duration initialBackoff,
                            @DefaultValue("20s") Duration maxRetryAfter,
                            @DefaultValue("1024") int maxOutputTokens,
                            @DefaultValue("200") int condenseMaxTokens,
                            List<ModelSpec> models,
                            @DefaultValue("32000") int maxAnswerChars,
                            @DefaultValue("4MB") DataSize maxResponseSize) {

    @ConstructorBinding
    public LlmProperties {
        maxAnswerChars = maxAnswerChars <= 0 ? 32_000 : maxAnswerChars;
        maxResponseSize = maxResponseSize == null ? DataSize.ofMegabytes(4) : maxResponseSize;
        if (maxAttempts < 1 || maxAttempts > 3) {
            throw new IllegalArgumentException("docchat.llm.max-attempts must be 1..3");
        }
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** Without caps of their own: the defaults. */
    public LlmProperties(String baseUrl, Duration connectTimeout, Duration firstTokenTimeout, Duration totalTimeout,
                         int maxAttempts, Duration initialBackoff, Duration maxRetryAfter, int maxOutputTokens,
                         int condenseMaxTokens, List<ModelSpec> models) {
        this(baseUrl, connectTimeout, firstTokenTimeout, totalTimeout, maxAttempts, initialBackoff, maxRetryAfter,
                maxOutputTokens, condenseMaxTokens, models, 0, null);
    }

    static String apiKeyFromEnvironment() {
        String key = System.getenv("DOCCHAT_LLM_API_KEY");
        return key == null || key.isBlank() ? System.getenv("OPENAI_API_KEY") : key;
    }
}
