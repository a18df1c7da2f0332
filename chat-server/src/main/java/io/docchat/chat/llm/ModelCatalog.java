package io.docchat.chat.llm;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The configured models, cheapest first within each tier. */
public final class ModelCatalog {

    private final List<ModelSpec> models;

    public ModelCatalog(List<ModelSpec> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the model table (docchat.llm.models) is empty");
        }
        this.models = models.stream()
                .sorted(Comparator.comparing(ModelSpec::tier).thenComparing(ModelSpec::typicalCost))
                .toList();
    }

    public List<ModelSpec> all() {
        return models;
    }

    public ModelSpec cheapest() {
        return models.getFirst();
    }

    /** The cheapest model of {@code tier}, or of the nearest lower tier, or the cheapest of all. */
    public ModelSpec forTier(Tier tier) {
        for (int t = tier.ordinal(); t >= 0; t--) {
            Tier wanted = Tier.values()[t];
            Optional<ModelSpec> m = models.stream().filter(s -> s.tier() == wanted).findFirst();
            if (m.isPresent()) {
                return m.get();
            }
        }
        return cheapest();
    }

    public Optional<ModelSpec> byName(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
