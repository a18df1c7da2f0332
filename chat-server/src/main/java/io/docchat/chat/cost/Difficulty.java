package io.docchat.chat.cost;

import io.docchat.chat.llm.Tier;

import java.util.List;

/** How hard a question looks, the tier expected to answer it well, and why. */
public record Difficulty(double score, Tier tier, List<String> reasons) {

    public Difficulty {
        reasons = List.copyOf(reasons);
    }
}
