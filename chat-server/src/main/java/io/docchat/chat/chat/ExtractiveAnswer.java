package io.docchat.chat.chat;

import io.docchat.chat.search.SearchResult;
import io.docchat.elastic.EnglishStems;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answer without a model: of the retrieved passages, the ones whose sentences, code blocks or table rows
 * best match the question, each cited, with the matching parts as Markdown (a code block stays a fenced block, a
 * table stays a table with its header). Labelled as extractive so nobody mistakes it for a generated answer.
 * <p>
 * A part scores the rarity-weighted question terms it holds (IDF over the parts of all candidate passages, so
 * a term every passage has, like the product's name, counts for little), plus half of those its passage's
 * headings hold. A shell command (an install or curl example) counts 0.15 of its matches unless the question asks how to
 * do something: it is the passage people skip, and it used to lead most answers over the README.
 */
final class ExtractiveAnswer {

    static final String LABEL = "**Extractive answer** (no language model): the most relevant passages from the documentation.";
    /** Passages read: the retrieval page's first ones. */
    static final int CANDIDATES = 8;
    static final int PASSAGES = 3;
    private static final int SENTENCES = 2;
    /** A shell command's weight when the question does not ask how to do something. */
    private static final double COMMAND_WEIGHT = 0.15;
    /** A passage is shown when it scores at least this share of the best passage. */
    private static final double RELATIVE = 0.4;
    private static final int MAX_SENTENCE_CHARS = 500;
    private static final int MAX_TABLE_ROWS = 5;
    private static final int MAX_CODE_LINES = 25;
    private static final Set<String> HOW = Set.of("how", "install", "run", "start", "command", "commands", "curl",
            "example", "examples", "setup", "build", "deploy", "call", "request", "configure", "script", "cli");
    private static final Set<String> COMMANDS = Set.of("curl", "mvn", "java", "git", "npm", "npx", "docker", "kubectl",
            "helm", "pip", "export", "cd", "sudo", "apt", "apt-get", "brew", "ops/dev/up", "ops/dev/stack", "make", "$");

    private ExtractiveAnswer() {
    }

    /** The answer's text and the passages it cites, in citation order ([1] is the first). */
    record Built(String text, List<SearchResult.Hit> cited) {
    }

    private record Scored(PassageText.Part part, double score, List<Double> rowScores) {
    }

    /** @param boilerplate its best part is a shell command and the question does not ask how to do something */
    private record Candidate(SearchResult.Hit hit, int rank, List<Scored> parts, double score, boolean boilerplate) {
    }

    static Built build(String question, List<SearchResult.Hit> hits, String note) {
        List<String> terms = terms(question);
        boolean how = Terms.content(question).stream().anyMatch(HOW::contains)
                || question.toLowerCase(java.util.Locale.ROOT).startsWith("how");
        List<SearchResult.Hit> pool = hits.subList(0, Math.min(CANDIDATES, hits.size()));
        List<List<PassageText.Part>> parts = pool.stream().map(h -> PassageText.parts(h.text())).toList();
        Map<String, Double> idf = idf(terms, parts, pool);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            SearchResult.Hit hit = pool.get(i);
            Set<String> heading = words(String.join(" ", nullToEmpty(hit.title()), nullToEmpty(hit.headingPath())));
            double context = 0.5 * terms.stream().filter(t -> holds(heading, t)).mapToDouble(idf::get).sum();
            List<Scored> scored = new ArrayList<>();
            for (PassageText.Part p : parts.get(i)) {
                scored.add(score(p, terms, idf, context, how));
            }
            Scored best = scored.stream().max(Comparator.comparingDouble(Scored::score)).orElse(null);
            boolean boilerplate = best != null && !how && best.part().kind() == PassageText.Kind.CODE
                    && command(best.part().text());
            candidates.add(new Candidate(hit, i, scored, best == null ? 0 : best.score(), boilerplate));
        }
        // boilerplate (an install or curl example) only when no passage says anything else of the question
        boolean content = candidates.stream().anyMatch(c -> c.score() > 0 && !c.boilerplate());
        double top = candidates.stream().filter(c -> !content || !c.boilerplate()).mapToDouble(Candidate::score).max().orElse(0);
        // a passage far below the best one is noise next to it, whatever its rank
        List<Candidate> chosen = candidates.stream()
                .filter(c -> c.score() > 0 && c.score() >= RELATIVE * top && (!content || !c.boilerplate()))
                .sorted(Comparator.comparingDouble(Candidate::score).reversed().thenComparingInt(Candidate::rank))
                .limit(PASSAGES).toList();
        if (chosen.isEmpty() && !candidates.isEmpty()) {
            chosen = List.of(candidates.getFirst());
        }
        StringBuilder sb = new StringBuilder(LABEL);
        if (note != null) {
            sb.append(' ').append(note);
        }
        List<SearchResult.Hit> cited = new ArrayList<>();
        for (Candidate c : chosen) {
            cited.add(c.hit());
            sb.append("\n\n").append(passage(c, cited.size(), how));
        }
        return new Built(sb.toString().strip(), cited);
    }

    private static String passage(Candidate c, int n, boolean how) {
        SearchResult.Hit hit = c.hit();
        String title = hit.headingPath() != null && !hit.headingPath().isBlank() ? hit.headingPath() : hit.title();
        List<Scored> sentences = c.parts().stream().filter(s -> s.part().kind() == PassageText.Kind.SENTENCE).toList();
        List<Scored> pick = sentences.stream().filter(s -> s.score() > 0)
                .sorted(Comparator.comparingDouble(Scored::score).reversed()).limit(SENTENCES).toList();
        Scored block = c.parts().stream().filter(s -> s.part().kind() != PassageText.Kind.SENTENCE && s.score() > 0)
                .max(Comparator.comparingDouble(Scored::score)).orElse(null);
        double bestSentence = pick.isEmpty() ? 0 : pick.getFirst().score();
        if (block != null && block.score() < 0.75 * bestSentence) {
            block = null;
        }
        if (block == null && how) {
            // "how do I ..." is answered by the passage's command even when it repeats none of the question's words
            block = c.parts().stream().filter(s -> s.part().kind() == PassageText.Kind.CODE).findFirst().orElse(null);
        }
        if (pick.isEmpty() && block == null) {
            pick = sentences.stream().limit(SENTENCES).toList();
        }
        StringBuilder out = new StringBuilder();
        if (title != null && !title.isBlank()) {
            out.append("**").append(title.replace("*", "")).append(":** ");
        }
        String text = c.parts().stream().filter(pick::contains).map(s -> s.part().text())
                .reduce((a, b) -> a + " " + b).orElse("");
        if (text.length() > MAX_SENTENCE_CHARS) {
            text = text.substring(0, MAX_SENTENCE_CHARS - 1) + "…";
        }
        out.append(text).append(text.isEmpty() ? "" : " ").append('[').append(n).append(']');
        if (block != null) {
            out.append("\n\n").append(render(block));
        }
        return out.toString();
    }

    private static String render(Scored block) {
        PassageText.Part p = block.part();
        if (p.kind() == PassageText.Kind.TABLE) {
            List<String> rows = new ArrayList<>();
            List<Integer> best = new ArrayList<>();
            for (int i = 0; i < p.rows().size(); i++) {
                if (block.rowScores().get(i) > 0) {
                    best.add(i);
                }
            }
            best.sort(Comparator.comparingDouble((Integer i) -> -block.rowScores().get(i)));
            double top = best.isEmpty() ? 0 : block.rowScores().get(best.getFirst());
            // the rows that answer: near the best row's score, at most MAX_TABLE_ROWS
            Set<Integer> keep = new HashSet<>(best.subList(0, Math.min(MAX_TABLE_ROWS, best.size())).stream()
                    .filter(i -> block.rowScores().get(i) >= 0.8 * top).toList());
            for (int i = 0; i < p.rows().size(); i++) {
                if (keep.contains(i)) {
                    rows.add(p.rows().get(i));
                }
            }
            return p.table(rows);
        }
        String[] lines = p.text().split("\n");
        if (lines.length <= MAX_CODE_LINES + 2) {
            return p.text();
        }
        return String.join("\n", java.util.Arrays.copyOf(lines, MAX_CODE_LINES + 1)) + "\n…\n```";
    }

    private static Scored score(PassageText.Part p, List<String> terms, Map<String, Double> idf, double context,
                                boolean how) {
        if (p.kind() == PassageText.Kind.TABLE) {
            // a row is read with its header: "| Embedder | ... | local (BGE-small) |" under "| Setting | Default |"
            double header = 0.5 * matched(words(p.text()), terms, idf);
            List<Double> rows = new ArrayList<>();
            for (String row : p.rows()) {
                double own = matched(words(row), terms, idf);
                rows.add(own > 0 ? own + header : 0);
            }
            double best = rows.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            return new Scored(p, best > 0 ? best + context : 0, rows);
        }
        double s = matched(words(p.text()), terms, idf);
        if (s > 0 && p.kind() == PassageText.Kind.CODE && !how) {
            s *= command(p.text()) ? COMMAND_WEIGHT : 0.6;
        }
        return new Scored(p, s > 0 ? s + context : 0, List.of());
    }

    private static double matched(Set<String> words, List<String> terms, Map<String, Double> idf) {
        return terms.stream().filter(t -> holds(words, t)).mapToDouble(idf::get).sum();
    }

    /** Whether a code block is shell commands: its first command line starts with one. */
    static boolean command(String code) {
        for (String line : code.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("```") || l.startsWith("#")) {
                continue;
            }
            String first = l.split("\\s+")[0];
            return COMMANDS.contains(first) || first.startsWith("./") || first.startsWith("ops/");
        }
        return false;
    }

    /** The question's content words (stop words and question words out), stemmed. */
    static List<String> terms(String question) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : Terms.content(question)) {
            String stem = EnglishStems.of(w);
            out.add(stem.isBlank() ? w : stem.split(" ")[0]);
        }
        return List.copyOf(out);
    }

    /** Over every part and every passage's headings: the product's name, in every title, weighs little. */
    private static Map<String, Double> idf(List<String> terms, List<List<PassageText.Part>> passages,
                                           List<SearchResult.Hit> hits) {
        List<Set<String>> units = new ArrayList<>();
        hits.forEach(h -> units.add(words(nullToEmpty(h.title()) + " " + nullToEmpty(h.headingPath()))));
        passages.forEach(ps -> ps.forEach(p -> units.add(words(p.text() + " " + String.join(" ", p.rows())))));
        Map<String, Double> out = new HashMap<>();
        for (String t : terms) {
            long df = units.stream().filter(u -> holds(u, t)).count();
            out.put(t, Math.log((units.size() + 1.0) / (df + 0.5)));
        }
        return out;
    }

    /**
     * A stemmed word, or a word it begins with at most two letters more ("embedd", the stem of embedder, under
     * "embed"; not "docchat_index" under "docchat").
     */
    private static boolean holds(Set<String> words, String term) {
        if (words.contains(term)) {
            return true;
        }
        return term.length() >= 4 && words.stream().anyMatch(w -> w.startsWith(term) && w.length() - term.length() <= 2);
    }

    private static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        for (String w : EnglishStems.of(text).split(" ")) {
            if (!w.isBlank()) {
                out.add(w);
            }
        }
        return out;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
