package io.docchat.indexer.gate;

import java.util.Objects;

/**
 * One canary: a query and the document it must find.
 *
 * @param source the source it checks
 * @param query  what a user would type (configured, or a heading or title of the target)
 * @param target the target's document id, {@code {source}:{path}}
 * @param origin {@code configured}, {@code heading} or {@code title}
 */
public record Canary(String source, String query, String target, String origin) {

    public Canary {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("a canary needs a query (source " + source + ", target " + target + ")");
        }
        query = query.strip();
    }
}
