package io.docchat.chat.search;

import io.docchat.elastic.EnglishStems;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a search found anything relevant at all. Fused scores cannot say (kNN always returns its k
 * neighbours, and fusion normalises each list to its own best), so the floor looks at two absolute signals:
 * the best kNN score (BGE-small's cosine, as Elasticsearch's {@code (1 + cos) / 2}) and the lexical coverage of
 * the page, the largest share of the query's stemmed terms that one hit holds. A query is answered when either
 * is high enough: a paraphrase is close in vector space, an identifier or a rare term is found by its words.
 * A query without a single word (control characters, symbols) has nothing to find at all. Random letters and
 * unrelated words have neither a close vector nor a passage holding half of their words. The thresholds are calibrated on the
 * evaluation collections (ops/bench/results/relevance-floor.md): no judged query falls below them.
 */
public final class RelevanceFloor {

    /** Words of a question that say nothing of its topic (the analyzer drops the English stop words). */
    private static final Set<String> ASKING = Set.of("how", "what", "which", "who", "whom", "whose", "why", "when",
            "where", "do", "does", "did", "can", "could", "should", "would", "may", "might", "must", "i", "me", "my",
            "we", "our", "you", "your", "have", "has", "had", "get", "use", "using", "about", "please", "tell", "explain");

    private final RelevanceFloorProperties props;

    public RelevanceFloor(RelevanceFloorProperties props) {
        this.props = props;
    }

    /** One hit's text as the floor reads it. */
    public record Passage(String title, String headingPath, String text) {
    }

    /** What the floor measured for one query, and its verdict. */
    public record Verdict(boolean relevant, double topKnn, double coverage) {
    }

    /** Whether the floor is on; off, every verdict is relevant. */
    public boolean enabled() {
        return props.enabled();
    }

    /** The settings as part of result cache keys: another floor gives other pages. */
    String key() {
        return props.enabled() ? "floor=" + props.minKnnScore() + "/" + props.minCoverage() : "floor=off";
    }

    /**
     * @param rankings the retrievers' lists, best first (only {@code knn}'s top score is read)
     * @param passages the hits of the page, read only when the kNN score is below the floor
     */
    public Verdict judge(String query, Map<String, List<Fusion.Scored>> rankings, java.util.function.Supplier<Collection<Passage>> passages) {
        List<Fusion.Scored> knn = rankings.getOrDefault(HybridRetriever.KNN, List.of());
        double top = knn.isEmpty() ? 0 : knn.getFirst().score();
        if (!props.enabled()) {
            return new Verdict(true, top, Double.NaN);
        }
        // no word at all (control characters, symbols): nothing to find, however close its vector lands
        // (such garbage reached 0.82 on the tiny collection, above its lowest judged query, 0.805)
        if (terms(query).isEmpty()) {
            return new Verdict(false, top, 0);
        }
        if (top >= props.minKnnScore()) {
            return new Verdict(true, top, Double.NaN);
        }
        double coverage = coverage(query, passages.get());
        return new Verdict(coverage >= props.minCoverage() && coverage > 0, top, coverage);
    }

    /** The largest share of the query's distinct stemmed terms that one passage holds (0 without terms). */
    static double coverage(String query, Collection<Passage> passages) {
        Set<String> terms = terms(query);
        if (terms.isEmpty()) {
            return 0;
        }
        double best = 0;
        for (Passage p : passages) {
            Set<String> words = new HashSet<>(List.of(EnglishStems.of(p.title(), p.headingPath(), p.text()).split(" ")));
            long held = terms.stream().filter(words::contains).count();
            best = Math.max(best, (double) held / terms.size());
        }
        return best;
    }

    /**
     * Distinct stemmed terms of a query: only letters or digits count (control characters and symbols do not), and
     * not the words of asking ("how do I", "what does"), which no passage needs to repeat.
     */
    static Set<String> terms(String query) {
        Set<String> out = new LinkedHashSet<>();
        StringBuilder words = new StringBuilder();
        for (String w : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_'-]+")) {
            if (!w.isEmpty() && !ASKING.contains(w)) {
                words.append(w).append(' ');
            }
        }
        for (String t : EnglishStems.of(words.toString()).split(" ")) {
            if (!t.isBlank() && t.codePoints().anyMatch(Character::isLetterOrDigit)) {
                out.add(t);
            }
        }
        return out;
    }
}
