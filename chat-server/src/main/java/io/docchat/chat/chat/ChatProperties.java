package io.docchat.chat.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.UUID;

/**
 * The chat pipeline's settings.
 *
 * @param topK             passages retrieved per question
 * @param maxPromptTokens  prompt budget (sources and history), below the model's context window
 * @param historyTurns     earlier messages that may go into a prompt
 * @param minTermOverlap   share of the question's content words that must occur in the passages for it
 *                         to count as answerable
 * @param canary           a secret planted at the top of the system prompt; an answer that contains it is
 *                         withheld (it proves the prompt leaked). Random per process unless set.
 * @param answerCacheTtl   how long a first-turn answer is reused for the same normalised question and
 *                         index generation; zero disables the cache
 * @param answerCachePrefix Redis key prefix of the answer cache
 * @param semanticCacheThreshold cosine similarity of question embeddings above which a reworded first-turn
 *                         question reuses a cached answer; 0 (the default) turns the semantic variant off
 * @param streamTimeout    how long an answer (a stream, or {@code ?stream=false}) may take before the response
 *                         ends and its LLM call is cancelled (a JSON answer then gets a 503 problem); unset: the
 *                         LLM's total deadline plus 60 s for retrieval and storage
 */
@ConfigurationProperties("docchat.chat")
record ChatProperties(@DefaultValue("6") int topK,
                      @DefaultValue("6000") int maxPromptTokens,
                      @DefaultValue("6") int historyTurns,
                      @DefaultValue("0.34") double minTermOverlap,
                      String canary,
                      @DefaultValue("6h") Duration answerCacheTtl,
                      @DefaultValue("docchat:answers:") String answerCachePrefix,
                      @DefaultValue("0") double semanticCacheThreshold,
                      Duration streamTimeout) {

    ChatProperties {
        if (topK < 1 || topK > 20) {
            throw new IllegalArgumentException("docchat.chat.top-k must be 1..20");
        }
        canary = canary == null || canary.isBlank() ? "DCK-" + UUID.randomUUID().toString().replace("-", "") : canary;
    }
}
