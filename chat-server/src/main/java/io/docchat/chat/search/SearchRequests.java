package io.docchat.chat.search;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a GET query string or a POST JSON body into a {@link SearchQuery}, rejecting anything unknown or
 * out of range with a message that names the parameter. Nothing here touches the model or the index.
 */
final class SearchRequests {

    static final int DEFAULT_K = 10;
    private static final Set<String> FILTERS = Set.of("source", "product", "version", "tag", "path");
    private static final Set<String> PARAMS = Set.of("q", "k", "offset", "source", "product", "version", "tag", "path");
    private static final Set<String> BODY = Set.of("q", "k", "offset", "filters");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int maxDepth;

    SearchRequests(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    SearchQuery fromParams(Map<String, String[]> params) {
        for (String name : params.keySet()) {
            if (!PARAMS.contains(name)) {
                throw new InvalidSearchException("unknown parameter or filter '" + name + "'; known: " + new java.util.TreeSet<>(PARAMS));
            }
        }
        String q = single(params, "q");
        int k = integer("k", single(params, "k"), DEFAULT_K);
        int offset = integer("offset", single(params, "offset"), 0);
        SearchQuery.Filters filters = new SearchQuery.Filters(list(params, "source"), list(params, "product"),
                list(params, "version"), list(params, "tag"), single(params, "path"));
        return build(q, k, offset, filters);
    }

    SearchQuery fromJson(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidSearchException("body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSearchException("body must be a JSON object like {\"q\": \"...\", \"k\": 10, \"filters\": {...}}");
        }
        unknown(root, BODY, "field");
        JsonNode filtersNode = root.path("filters");
        SearchQuery.Filters filters = SearchQuery.Filters.NONE;
        if (!filtersNode.isMissingNode() && !filtersNode.isNull()) {
            if (!filtersNode.isObject()) {
                throw new InvalidSearchException("'filters' must be an object");
            }
            unknown(filtersNode, FILTERS, "filter");
            filters = new SearchQuery.Filters(strings(filtersNode, "source"), strings(filtersNode, "product"),
                    strings(filtersNode, "version"), strings(filtersNode, "tag"), text(filtersNode, "path"));
        }
        return build(text(root, "q"), number(root, "k", DEFAULT_K), number(root, "offset", 0), filters);
    }

    private SearchQuery build(String q, int k, int offset, SearchQuery.Filters filters) {
        if (q == null || q.isBlank()) {
            throw new InvalidSearchException("'q' must not be empty");
        }
        if (q.length() > SearchQuery.MAX_TEXT) {
            throw new InvalidSearchException("'q' must be at most " + SearchQuery.MAX_TEXT + " characters, was " + q.length());
        }
        if (k < 1 || k > SearchQuery.MAX_K) {
            throw new InvalidSearchException("'k' must be between 1 and " + SearchQuery.MAX_K + ", was " + k);
        }
        if (offset < 0) {
            throw new InvalidSearchException("'offset' must be at least 0, was " + offset);
        }
        if (offset + k > maxDepth) {
            throw new InvalidSearchException("'offset' + 'k' must be between 1 and " + maxDepth + " (fused depth)");
        }
        return new SearchQuery(q, filters, k, offset);
    }

    private static void unknown(JsonNode node, Set<String> known, String what) {
        for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new InvalidSearchException("unknown " + what + " '" + name + "'; known: " + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String single(Map<String, String[]> params, String name) {
        String[] v = params.get(name);
        if (v == null || v.length == 0) {
            return null;
        }
        if (v.length > 1) {
            throw new InvalidSearchException("'" + name + "' must be given once");
        }
        return v[0];
    }

    private static List<String> list(Map<String, String[]> params, String name) {
        String[] v = params.get(name);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v) {
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            }
        }
        return out;
    }

    private static int integer(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSearchException("'" + name + "' must be an integer, was '" + value + "'");
        }
    }

    private static int number(JsonNode node, String name, int fallback) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidSearchException("'" + name + "' must be an integer");
        }
        return v.intValue();
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new InvalidSearchException("'" + name + "' must be a string");
        }
        return v.asString();
    }

    private static List<String> strings(JsonNode node, String name) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (v.isString()) {
            return List.of(v.asString());
        }
        if (!v.isArray()) {
            throw new InvalidSearchException("filter '" + name + "' must be a string or an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isString()) {
                throw new InvalidSearchException("filter '" + name + "' must contain strings only");
            }
            out.add(e.asString());
        }
        return out;
    }
}
