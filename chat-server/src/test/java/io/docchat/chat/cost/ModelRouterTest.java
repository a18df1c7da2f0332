package io.docchat.chat.cost;

import io.docchat.chat.llm.Cancellation;
import io.docchat.chat.llm.LlmClient;
import io.docchat.chat.llm.LlmRequest;
import io.docchat.chat.llm.LlmResult;
import io.docchat.chat.llm.ModelCatalog;
import io.docchat.chat.llm.ModelSpec;
import io.docchat.chat.llm.Tier;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ModelRouterTest {

    private static final ModelCatalog CATALOG = new ModelCatalog(List.of(
            new ModelSpec("big", Tier.PREMIUM, new BigDecimal("2"), new BigDecimal("8"), 100_000),
            new ModelSpec("small", Tier.ECONOMY, new BigDecimal("0.1"), new BigDecimal("0.4"), 100_000),
            new ModelSpec("mid", Tier.STANDARD, new BigDecimal("0.4"), new BigDecimal("1.6"), 100_000)));

    private static final LlmClient ENABLED = new LlmClient() {
        public boolean enabled() {
            return true;
        }

        public LlmResult stream(LlmRequest r, Consumer<String> t, Cancellation c) {
            throw new UnsupportedOperationException();
        }
    };

    private final DifficultyClassifier classifier = new DifficultyClassifier();
    private final ModelRouter router = new ModelRouter(CATALOG, null,
            new CostProperties(new BigDecimal("10"), new BigDecimal("1"), 0.8, 0.95), ENABLED);

    @Test
    void simpleQuestionGoesToTheCheapTier() {
        Difficulty d = classifier.classify("What port does the server use?", 0, 0.9);
        assertThat(d.tier()).isEqualTo(Tier.ECONOMY);
        assertThat(router.decide(d, 0, 0).model().name()).isEqualTo("small");
    }

    @Test
    void comparisonWhyQuestionEscalates() {
        Difficulty d = classifier.classify(
                "Why would I choose int8_hnsw over hnsw, and what is the difference in recall versus memory for 10 million vectors?",
                0, 0.9);
        assertThat(d.tier()).isEqualTo(Tier.PREMIUM);
        assertThat(d.reasons()).anyMatch(r -> r.contains("comparison"));
        assertThat(router.decide(d, 0, 0).model().name()).isEqualTo("big");
    }

    @Test
    void lowRetrievalConfidenceEscalatesOneTier() {
        assertThat(classifier.classify("What port does the server use?", 0, 0.1).tier()).isEqualTo(Tier.STANDARD);
    }

    @Test
    void approachingABudgetDowngradesAndTheCapIsExtractive() {
        Difficulty hard = new Difficulty(0.9, Tier.PREMIUM, List.of("test"));
        assertThat(router.decide(hard, 0.5, 0.5).model().name()).isEqualTo("big");
        RoutingDecision soft = router.decide(hard, 0.1, 0.85);
        assertThat(soft.model().name()).isEqualTo("mid");
        assertThat(soft.reason()).contains("user budget at 85%");
        assertThat(router.decide(hard, 0.96, 0).model().name()).isEqualTo("small");
        RoutingDecision cap = router.decide(hard, 1.0, 0);
        assertThat(cap.extractive()).isTrue();
        assertThat(cap.reason()).contains("global daily budget exhausted");
    }
}
