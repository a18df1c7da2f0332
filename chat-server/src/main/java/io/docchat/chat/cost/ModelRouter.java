package io.docchat.chat.cost;

import io.docchat.chat.llm.LlmClient;
import io.docchat.chat.llm.ModelCatalog;
import io.docchat.chat.llm.ModelSpec;
import io.docchat.chat.llm.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Chooses the model for an answer: the cheapest tier the difficulty classifier expects to answer well,
 * then moved down as the global or the user's daily budget is approached, and extractive at the cap.
 */
@Component
public class ModelRouter {

    private static final Logger log = LoggerFactory.getLogger(ModelRouter.class);

    private final DifficultyClassifier classifier = new DifficultyClassifier();
    private final ModelCatalog catalog;
    private final CostLedger ledger;
    private final CostProperties props;
    private final LlmClient llm;

    ModelRouter(ModelCatalog catalog, CostLedger ledger, CostProperties props, LlmClient llm) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.props = props;
        this.llm = llm;
    }

    /** Today's spend of everyone and of this user: read once per turn, early, so it overlaps retrieval. */
    public CostLedger.Spend spend(String userId) {
        return ledger.spendToday(userId);
    }

    public RoutingDecision route(String userId, CostLedger.Spend spend, String question, int conversationTurns,
                                 double retrievalConfidence) {
        Difficulty difficulty = classifier.classify(question, conversationTurns, retrievalConfidence);
        RoutingDecision decision = decide(difficulty, budgetShare(spend.global(), props.dailyBudgetUsd()),
                budgetShare(spend.user(), props.userDailyBudgetUsd()));
        // no caller id at INFO (an anonymous id is the key to its conversations); DEBUG has it
        log.info("routing model={} reason=[{}]", decision.extractive() ? "extractive" : decision.model().name(), decision.reason());
        log.debug("routing user={}", userId);
        return decision;
    }

    RoutingDecision decide(Difficulty difficulty, double globalShare, double userShare) {
        String why = String.join("; ", difficulty.reasons()) + " -> " + difficulty.tier();
        if (!llm.enabled()) {
            return RoutingDecision.extractive(difficulty, "no LLM configured");
        }
        double share = Math.max(globalShare, userShare);
        String which = globalShare >= userShare ? "global" : "user";
        if (share >= 1) {
            return RoutingDecision.extractive(difficulty, why + "; " + which + " daily budget exhausted -> extractive");
        }
        Tier tier = difficulty.tier();
        if (share >= props.economyAt()) {
            tier = Tier.ECONOMY;
            why += String.format(Locale.ROOT, "; %s budget at %.0f%% -> %s", which, share * 100, tier);
        } else if (share >= props.downgradeAt()) {
            tier = tier.down();
            why += String.format(Locale.ROOT, "; %s budget at %.0f%% -> %s", which, share * 100, tier);
        }
        return new RoutingDecision(catalog.forTier(tier), false, difficulty, why);
    }

    /** The condense step always uses the cheapest model: rewriting a question is easy. */
    public ModelSpec condenseModel() {
        return catalog.cheapest();
    }

    /** Whether any LLM call is allowed now for this user (the condense step asks before spending). */
    public boolean withinBudget(CostLedger.Spend spend) {
        if (!llm.enabled()) {
            return false;
        }
        return budgetShare(spend.global(), props.dailyBudgetUsd()) < 1 && budgetShare(spend.user(), props.userDailyBudgetUsd()) < 1;
    }

    private static double budgetShare(BigDecimal spent, BigDecimal budget) {
        if (budget.signum() <= 0) {
            return 1;
        }
        return spent.divide(budget, MathContext.DECIMAL64).doubleValue();
    }
}
