package io.docchat.chat.chat;

import io.docchat.chat.search.SearchResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The answer without a model: from each of the best passages, the sentences that share most words with
 * the question, each cited. Labelled as extractive so nobody mistakes it for a generated answer.
 */
final class ExtractiveAnswer {

    static final String LABEL = "**Extractive answer** (no language model): the most relevant passages from the documentation.";
    private static final int PASSAGES = 3;
    private static final int SENTENCES = 2;
    private static final int MAX_CHARS = 400;

    private ExtractiveAnswer() {
    }

    static String build(String question, List<SearchResult.Hit> hits, String note) {
        Set<String> q = Set.copyOf(Terms.content(question));
        StringBuilder sb = new StringBuilder(LABEL);
        if (note != null) {
            sb.append(' ').append(note);
        }
        sb.append("\n\n");
        for (int i = 0; i < Math.min(PASSAGES, hits.size()); i++) {
            SearchResult.Hit hit = hits.get(i);
            String title = hit.headingPath() != null && !hit.headingPath().isBlank() ? hit.headingPath() : hit.title();
            sb.append("- ");
            if (title != null && !title.isBlank()) {
                sb.append("**").append(title.replace("*", "")).append(":** ");
            }
            sb.append(bestSentences(hit.text() == null ? "" : hit.text(), q)).append(" [").append(i + 1).append("]\n");
        }
        return sb.toString().strip();
    }

    private static String bestSentences(String text, Set<String> question) {
        String flat = text.replaceAll("\\s+", " ").strip();
        String[] sentences = flat.split("(?<=[.!?])\\s+");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sentences.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> -overlap(sentences[i], question)).thenComparing(i -> i));
        List<Integer> chosen = new ArrayList<>(order.subList(0, Math.min(SENTENCES, order.size())));
        chosen.sort(Integer::compare);
        StringBuilder out = new StringBuilder();
        for (int i : chosen) {
            out.append(out.isEmpty() ? "" : " ").append(sentences[i]);
        }
        String s = out.toString();
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS - 1) + "…" : s;
    }

    private static long overlap(String sentence, Set<String> question) {
        Set<String> words = Terms.set(sentence);
        return question.stream().filter(t -> words.contains(t) || words.contains(Terms.stem(t))).count();
    }
}
