package io.docchat.chat.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Cache keys from normalised requests. Text is trimmed, whitespace-collapsed and lower-cased: both the
 * BM25 analyzer and the (uncased) BGE tokenizer ignore those differences, so they must not split the cache.
 * Filter values are sorted because their order does not change the result.
 */
final class CacheKeys {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+"); // String.replaceAll compiles it on every call

    private CacheKeys() {
    }

    static String normalise(String text) {
        return WHITESPACE.matcher(text.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    static String embedding(String modelId, String text) {
        return sha256(modelId + "\n" + normalise(text));
    }

    /**
     * A short fingerprint of the settings that shape a ranking (fusion, depth, boosts, snippet length) and of
     * the encoding results are stored in: part of the result key, so a replica started with other settings, or
     * a version with another encoding, neither serves nor overwrites the others' entries in the shared L2.
     * Operational settings (caches, limits, TTLs) are left out: they do not change a result.
     */
    static String ranking(SearchProperties props) {
        return sha256(String.join("|", "format=" + Codecs.RESULT_FORMAT, props.fusion().toString(),
                String.valueOf(props.candidates()), String.valueOf(props.numCandidates()), String.valueOf(props.titleBoost()), String.valueOf(props.headingBoost()),
                String.valueOf(props.textBoost()), String.valueOf(props.snippetChars()), "stemming=" + props.stemming())).substring(0, 12);
    }

    /** @param partition the caller's permission set ({@code Viewer.partition()}): results never cross it */
    static String result(String generation, String ranking, String partition, SearchQuery q) {
        SearchQuery.Filters f = q.filters();
        String canonical = String.join("\n", normalise(q.text()), sorted(f.sources()), sorted(f.products()),
                sorted(f.versions()), sorted(f.tags()), f.pathPrefix() == null ? "" : f.pathPrefix(),
                String.valueOf(q.k()), String.valueOf(q.offset()));
        return generation + ":" + ranking + ":" + partition + ":" + sha256(canonical);
    }

    private static String sorted(List<String> values) {
        return String.join("\u0001", new TreeSet<>(values));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
