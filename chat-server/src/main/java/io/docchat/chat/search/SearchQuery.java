package io.docchat.chat.search;

import java.util.List;

/**
 * One validated search: text, filters, how many hits and from where.
 *
 * @param text    the user's query, 1..1000 characters
 * @param filters constraints applied to both retrievers
 * @param k       hits per page, 1..50
 * @param offset  hits to skip (paging)
 */
public record SearchQuery(String text, Filters filters, int k, int offset) {

    public static final int MAX_TEXT = 1000;
    public static final int MAX_K = 50;

    public SearchQuery {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("query must not be empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("query must be at most " + MAX_TEXT + " characters");
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be between 1 and " + MAX_K);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0");
        }
        filters = filters == null ? Filters.NONE : filters;
    }

    /** Filters on indexed keyword fields; empty lists mean "any". */
    public record Filters(List<String> sources, List<String> products, List<String> versions, List<String> tags,
                          String pathPrefix) {

        public static final Filters NONE = new Filters(List.of(), List.of(), List.of(), List.of(), null);

        public Filters {
            sources = sources == null ? List.of() : List.copyOf(sources);
            products = products == null ? List.of() : List.copyOf(products);
            versions = versions == null ? List.of() : List.copyOf(versions);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }
}
