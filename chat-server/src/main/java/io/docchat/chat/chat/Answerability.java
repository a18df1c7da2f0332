package io.docchat.chat.chat;

import io.docchat.chat.search.SearchResult;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides, without a model, whether the passages can answer the question. Fused ranks say nothing about
 * absolute relevance (kNN always returns neighbours), so the signal is lexical coverage: enough of the
 * question's content words must occur in the top passages. Nothing relevant means no LLM call at all.
 */
final class Answerability {

    private static final int TOP = 3;

    private final double minOverlap;

    Answerability(double minOverlap) {
        this.minOverlap = minOverlap;
    }

    Evidence assess(String question, SearchResult result) {
        if (result.hits().isEmpty()) {
            return new Evidence(false, 0, "no passages found");
        }
        List<String> terms = Terms.content(question);
        List<SearchResult.Hit> top = result.hits().subList(0, Math.min(TOP, result.hits().size()));
        Set<String> passageTerms = Terms.set(top.stream()
                .map(h -> String.join(" ", nullToEmpty(h.title()), nullToEmpty(h.headingPath()), nullToEmpty(h.text())))
                .reduce("", (a, b) -> a + " " + b));
        long covered = terms.stream().filter(t -> passageTerms.contains(t) || passageTerms.contains(Terms.stem(t))).count();
        double coverage = terms.isEmpty() ? 0.5 : (double) covered / terms.size();
        boolean agreed = top.getFirst().retrievers() != null && top.getFirst().retrievers().size() > 1;
        double confidence = Math.min(1, 0.7 * coverage + (agreed ? 0.3 : 0));
        if (coverage < minOverlap) {
            return new Evidence(false, confidence,
                    String.format(Locale.ROOT, "passages cover %.0f%% of the question's terms", coverage * 100));
        }
        return new Evidence(true, confidence, String.format(Locale.ROOT, "coverage %.2f%s", coverage,
                agreed ? ", both retrievers agree" : ""));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
