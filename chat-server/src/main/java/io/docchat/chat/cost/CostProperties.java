package io.docchat.chat.cost;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;

/**
 * Daily LLM budgets (UTC days). Approaching a cap moves answers to cheaper tiers; at the cap they are
 * extractive.
 *
 * @param dailyBudgetUsd     all users together
 * @param userDailyBudgetUsd one user
 * @param downgradeAt        share of a budget from which answers go one tier down
 * @param economyAt          share from which only the cheapest tier is used
 */
@ConfigurationProperties("docchat.cost")
record CostProperties(@DefaultValue("50") BigDecimal dailyBudgetUsd,
                      @DefaultValue("1") BigDecimal userDailyBudgetUsd,
                      @DefaultValue("0.8") double downgradeAt,
                      @DefaultValue("0.95") double economyAt) {

    CostProperties {
        if (!(downgradeAt > 0 && downgradeAt <= economyAt && economyAt <= 1)) {
            throw new IllegalArgumentException("need 0 < docchat.cost.downgrade-at <= economy-at <= 1");
        }
    }
}
