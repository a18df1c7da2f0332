package io.docchat.indexer.job;

import java.util.Locale;

/** Incremental: only what changed, into the live index. Full: everything into a new version, then swap. */
public enum RunMode {
    INCREMENTAL, FULL;

    public static RunMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("mode must be 'incremental' or 'full', was " + value);
        }
    }

    public String param() {
        return name().toLowerCase(Locale.ROOT);
    }
}
