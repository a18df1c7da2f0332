package io.docchat.chat.cost;

import io.docchat.chat.llm.ModelSpec;

/**
 * The model chosen for one answer, or extractive mode, with the reason logged and stored.
 *
 * @param model null when extractive
 */
public record RoutingDecision(ModelSpec model, boolean extractive, Difficulty difficulty, String reason) {

    public static RoutingDecision extractive(Difficulty difficulty, String reason) {
        return new RoutingDecision(null, true, difficulty, reason);
    }
}
