package io.docchat.chat.chat;

import io.docchat.chat.analytics.QueryAnalytics;
import io.docchat.chat.conversation.ConversationStore;
import io.docchat.chat.conversation.ReadableHistory;
import io.docchat.chat.cost.CostLedger;
import io.docchat.chat.cost.ModelRouter;
import io.docchat.chat.llm.LlmClient;
import io.docchat.chat.llm.LlmProperties;
import io.docchat.chat.llm.TokenCounter;
import io.docchat.chat.search.SearchService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.util.concurrent.Executors;

/** Wires the pipeline's stages; they are package-private, small and constructed here. */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    @Bean
    ChatPipeline chatPipeline(ConversationStore store, ReadableHistory readable, ObjectProvider<SearchService> search, ModelRouter router, LlmClient llm,
                              LlmProperties llmProps, TokenCounter tokens, QueryAnalytics analytics, CostLedger ledger,
                              StringRedisTemplate redis, MeterRegistry registry, ChatProperties props) {
        return new ChatPipeline(store, readable,
                new QuestionCondenser(llm, llmProps.condenseMaxTokens()),
                search,
                new Answerability(props.minTermOverlap()),
                new AnswerCache(redis, props.answerCachePrefix(), props.answerCacheTtl(),
                        new SemanticAnswerIndex(props.semanticCacheThreshold(), 2000), text -> search.getObject().embedQuery(text)),
                router,
                new PromptBuilder(tokens, props.canary()),
                llm, tokens,
                new ChatRecorder(store, analytics, ledger),
                new ChatMetrics(registry), props, llmProps.maxOutputTokens());
    }

    /** Streams run on virtual threads: they mostly wait on the LLM. (Wrapped: an Executor bean would switch off Boot's.) */
    @Bean(destroyMethod = "close")
    ChatController.ChatExecutor chatExecutor() {
        return new ChatController.ChatExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }

    @Bean
    ChatController.ChatStreamTimeout chatStreamTimeout(LlmProperties llmProps, ChatProperties props) {
        return new ChatController.ChatStreamTimeout(props.streamTimeout() != null ? props.streamTimeout()
                : llmProps.totalTimeout().plusSeconds(60));
    }
}
