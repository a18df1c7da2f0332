package io.docchat.elastic;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names in the chunk index contract: versioned concrete indexes {@code {prefix}-v{N}} behind a read alias
 * {@code {prefix}} and a write alias {@code {prefix}-write}.
 */
public record ChunkIndex(String prefix) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,100}");

    public ChunkIndex {
        if (prefix == null || !VALID.matcher(prefix).matches()) {
            throw new IllegalArgumentException("index prefix must be lower-case letters, digits, '-', '_' or '.': " + prefix);
        }
    }

    public String readAlias() {
        return prefix;
    }

    public String writeAlias() {
        return prefix + "-write";
    }

    public String version(int n) {
        return prefix + "-v" + n;
    }

    public String pattern() {
        return prefix + "-v*";
    }

    public OptionalInt versionOf(String index) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "-v(\\d+)").matcher(index);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
