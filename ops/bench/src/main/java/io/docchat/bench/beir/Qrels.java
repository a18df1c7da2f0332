package io.docchat.bench.beir;

import java.util.Map;
import java.util.Set;

/**
 * Relevance judgements: query id → (doc id → grade). Grades above zero are relevant; zero or negative grades
 * are judged non-relevant, as in trec_eval.
 */
public record Qrels(Map<String, Map<String, Integer>> judgements) {

    public Qrels {
        judgements = Map.copyOf(judgements);
    }

    public Map<String, Integer> of(String queryId) {
        return judgements.getOrDefault(queryId, Map.of());
    }

    public boolean hasJudgements(String queryId) {
        return judgements.containsKey(queryId);
    }

    public Set<String> queryIds() {
        return judgements.keySet();
    }
}
