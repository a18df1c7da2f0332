package io.docchat.bench.cost;

import io.docchat.chat.llm.ModelCatalog;
import io.docchat.chat.llm.ModelSpec;
import io.docchat.chat.llm.Tier;
import io.docchat.chat.llm.Usage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one replay configuration measured: how each chat was answered, the tiers, and three costs per
 * 1,000 questions from the app's price table:
 * <ul>
 *   <li><b>routed</b>: what the ledger booked (the {@code done} event's cost), i.e. the product as configured;</li>
 *   <li><b>largest, same calls</b>: the same LLM calls, each priced at the largest model (isolates routing);</li>
 *   <li><b>largest, every question</b>: a system without answer cache, answerability gate or routing, sending every
 *       question to the largest model with the prompt its question got here (the mean prompt where a question was
 *       never sent).</li>
 * </ul>
 */
record CostFigures(String label, int chats, int llm, int exactCache, int semanticCache, int unanswerable, int extractive,
                   int repeatsOfAnswered, int repeatsOfAnsweredFromCache, Map<Tier, Integer> tiers,
                   BigDecimal routed, BigDecimal fakeBilled, BigDecimal largestSameCalls, BigDecimal largestEveryQuestion,
                   double meanInputTokens, double meanOutputTokens, Map<String, Integer> reasons) {

    static CostFigures of(String label, List<ChatReplay.Outcome> outcomes, List<FakeLlm.Call> calls, ModelCatalog prices) {
        ModelSpec largest = prices.forTier(Tier.PREMIUM);
        Set<String> answered = new HashSet<>();
        Map<Integer, Usage> firstUsage = new HashMap<>();
        Map<Tier, Integer> tiers = new EnumMap<>(Tier.class);
        Map<String, Integer> reasons = new LinkedHashMap<>();
        int llm = 0, exact = 0, semantic = 0, unanswerable = 0, extractive = 0, repeats = 0, repeatsCached = 0;
        BigDecimal routed = BigDecimal.ZERO, sameCalls = BigDecimal.ZERO;
        long in = 0, out = 0;
        for (ChatReplay.Outcome o : outcomes) {
            String key = ChatReplay.normalise(o.question());
            boolean repeat = answered.contains(key);
            if (repeat) {
                repeats++;
            }
            routed = routed.add(o.costUsd());
            switch (o.mode()) {
                case "llm" -> {
                    llm++;
                    Usage u = new Usage(o.inputTokens(), o.outputTokens(), false);
                    firstUsage.putIfAbsent(o.item(), u);
                    sameCalls = sameCalls.add(largest.cost(u));
                    in += o.inputTokens();
                    out += o.outputTokens();
                    Tier tier = prices.byName(o.model()).map(ModelSpec::tier).orElseThrow(
                            () -> new IllegalStateException("model " + o.model() + " is not in the price table"));
                    tiers.merge(tier, 1, Integer::sum);
                    reasons.merge(tier + ": " + reasonClass(o.routingReason()), 1, Integer::sum);
                    answered.add(key);
                }
                case "cache" -> {
                    if (repeat) {
                        exact++;
                        repeatsCached++;
                    } else {
                        semantic++;
                    }
                }
                case "unanswerable" -> unanswerable++;
                case "extractive" -> extractive++;
                default -> throw new IllegalStateException("chat " + o.seq() + " ended in mode " + o.mode());
            }
        }
        double meanIn = llm == 0 ? 0 : (double) in / llm;
        double meanOut = llm == 0 ? 0 : (double) out / llm;
        Usage mean = new Usage((int) Math.round(meanIn), (int) Math.round(meanOut), true);
        BigDecimal every = BigDecimal.ZERO;
        for (ChatReplay.Outcome o : outcomes) {
            every = every.add(largest.cost(firstUsage.getOrDefault(o.item(), mean)));
        }
        BigDecimal billed = BigDecimal.ZERO;
        for (FakeLlm.Call c : calls) {
            ModelSpec m = prices.byName(c.model()).orElseThrow(() -> new IllegalStateException("unknown model " + c.model()));
            billed = billed.add(m.cost(new Usage(c.promptTokens(), c.completionTokens(), false)));
        }
        return new CostFigures(label, outcomes.size(), llm, exact, semantic, unanswerable, extractive, repeats, repeatsCached,
                tiers, routed, billed, sameCalls, every, meanIn, meanOut, reasons);
    }

    /** The routing reason without its figures: which features decided the tier. */
    static String reasonClass(String reason) {
        if (reason == null || reason.isBlank()) {
            return "(none recorded)";
        }
        String features = reason.contains(" -> ") ? reason.substring(0, reason.indexOf(" -> ")) : reason;
        return features.replaceAll("\\d+(\\.\\d+)?", "#");
    }

    int avoided() {
        return exactCache + semanticCache + unanswerable + extractive;
    }

    double avoidedShare() {
        return share(avoided());
    }

    double share(int n) {
        return chats == 0 ? 0 : (double) n / chats;
    }

    double tierShare(Tier t) {
        return llm == 0 ? 0 : (double) tiers.getOrDefault(t, 0) / llm;
    }

    BigDecimal per1000(BigDecimal total) {
        return chats == 0 ? BigDecimal.ZERO : total.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(chats), MathContext.DECIMAL64);
    }

    static double ratio(BigDecimal a, BigDecimal b) {
        return b.signum() == 0 ? 0 : a.divide(b, MathContext.DECIMAL64).doubleValue();
    }
}
