package io.docchat.chat.cost;

import io.docchat.chat.llm.Tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Scores a question from cheap signals: its length and structure, comparison / why / how-to wording,
 * the conversation depth and how confident retrieval was. Deterministic and explainable on purpose:
 * every decision can be logged with its reasons, and a misrouting can be reproduced.
 */
final class DifficultyClassifier {

    private static final Pattern COMPARE = Pattern.compile(
            "\\b(compare|comparison|versus|vs\\.?|difference|differences|differ|trade-?offs?|pros and cons|better than)\\b");
    private static final Pattern WHY = Pattern.compile("\\b(why|explain|reason)\\b");
    private static final Pattern HOW_TO = Pattern.compile("\\bhow (to|do|does|can|should)\\b");
    private static final Pattern DEEP = Pattern.compile(
            "\\b(migrate|migration|design|architecture|troubleshoot|debug|optimi[sz]e|step[- ]by[- ]step|best practices?)\\b");
    private static final Pattern CODE = Pattern.compile("`|\\{|\\}|\\(\\)|::|\\w+\\.\\w+\\(|/\\w+/");

    /** Retrieval confidence below this escalates one tier: weak evidence needs a stronger reader. */
    static final double LOW_CONFIDENCE = 0.35;

    Difficulty classify(String question, int conversationTurns, double retrievalConfidence) {
        String q = question.toLowerCase(Locale.ROOT);
        List<String> reasons = new ArrayList<>();
        double score = 0;
        int words = q.isBlank() ? 0 : q.trim().split("\\s+").length;
        if (words > 60) {
            score += 0.35;
            reasons.add("long question (" + words + " words)");
        } else if (words > 25) {
            score += 0.2;
            reasons.add("longish question (" + words + " words)");
        }
        long questionMarks = q.chars().filter(c -> c == '?').count();
        if (questionMarks > 1) {
            score += 0.15;
            reasons.add(questionMarks + " questions in one");
        }
        if (q.contains("\n") || CODE.matcher(q).find()) {
            score += 0.1;
            reasons.add("structured or code content");
        }
        score += signal(COMPARE, q, 0.35, "comparison", reasons);
        score += signal(WHY, q, 0.2, "asks why", reasons);
        score += signal(HOW_TO, q, 0.1, "how-to", reasons);
        score += signal(DEEP, q, 0.15, "design/troubleshooting", reasons);
        if (conversationTurns >= 3) {
            score += 0.1;
            reasons.add("deep conversation (" + conversationTurns + " turns)");
        }
        Tier tier = score < 0.3 ? Tier.ECONOMY : score < 0.5 ? Tier.STANDARD : Tier.PREMIUM;
        if (retrievalConfidence < LOW_CONFIDENCE) {
            tier = tier.up();
            reasons.add(String.format(Locale.ROOT, "low retrieval confidence %.2f: escalated", retrievalConfidence));
        }
        if (reasons.isEmpty()) {
            reasons.add("short factual question");
        }
        return new Difficulty(Math.min(1, score), tier, reasons);
    }

    private static double signal(Pattern p, String q, double weight, String reason, List<String> reasons) {
        if (p.matcher(q).find()) {
            reasons.add(reason);
            return weight;
        }
        return 0;
    }
}
