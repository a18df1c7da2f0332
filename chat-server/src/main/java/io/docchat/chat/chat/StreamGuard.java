package io.docchat.chat.chat;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sits between the model's token stream and the client. It removes citations to sources that were not
 * given ({@code [n]} with n outside 1..sources), counting them, and it withholds the answer as soon as it
 * contains the system prompt's canary. Text is held back only while it could still be a citation or
 * the start of the canary, so what the client sees is exactly what gets stored.
 */
final class StreamGuard {

    private static final int MAX_CITATION = 16; // "[12, 13, 14]" and the like

    private final int sources;
    private final String canary;
    private final Consumer<String> out;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder clean = new StringBuilder();
    private final Set<Integer> cited = new LinkedHashSet<>();
    private int emitted;
    private int removed;
    private boolean leaked;

    StreamGuard(int sources, String canary, Consumer<String> out) {
        this.sources = sources;
        this.canary = canary;
        this.out = out;
    }

    /** Accepts model text; throws {@link CanaryLeak} when the answer reveals the canary. */
    void accept(String delta) {
        pending.append(delta);
        drain(false);
    }

    void finish() {
        drain(true);
    }

    String text() {
        return clean.substring(0, emitted);
    }

    Set<Integer> cited() {
        return cited;
    }

    int removed() {
        return removed;
    }

    boolean leaked() {
        return leaked;
    }

    private void drain(boolean last) {
        while (!pending.isEmpty()) {
            int open = pending.indexOf("[");
            if (open < 0) {
                clean.append(pending);
                pending.setLength(0);
                break;
            }
            clean.append(pending, 0, open);
            pending.delete(0, open);
            int close = citationEnd();
            if (close == -1 && !last) {
                break; // could still become a citation: wait for more text
            }
            if (close > 0) {
                clean.append(filterCitation(pending.substring(1, close)));
                pending.delete(0, close + 1);
            } else {
                clean.append('[');
                pending.deleteCharAt(0);
            }
        }
        emit(last);
    }

    /** Index of the closing bracket of a citation at the start of pending; -1 undecided; -2 not a citation. */
    private int citationEnd() {
        for (int i = 1; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (c == ']') {
                return i > 1 ? i : -2;
            }
            if (!(Character.isDigit(c) || c == ',' || c == ' ') || i > MAX_CITATION) {
                return -2;
            }
        }
        return -1;
    }

    private String filterCitation(String inner) {
        StringBuilder kept = new StringBuilder();
        for (String part : inner.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                removed++;
                continue;
            }
            if (n >= 1 && n <= sources) {
                cited.add(n);
                kept.append(kept.isEmpty() ? "" : ", ").append(n);
            } else {
                removed++;
            }
        }
        return kept.isEmpty() ? "" : "[" + kept + "]";
    }

    private void emit(boolean last) {
        if (leaked) {
            return;
        }
        if (!canary.isEmpty() && clean.indexOf(canary, Math.max(0, emitted - canary.length())) >= 0) {
            leaked = true;
            throw new CanaryLeak();
        }
        int safe = last ? clean.length() : Math.max(emitted, clean.length() - (canary.length() - 1));
        if (safe > emitted) {
            out.accept(clean.substring(emitted, safe));
            emitted = safe;
        }
    }

    /** The model printed the canary: the system prompt leaked, so the answer must not reach anyone. */
    static final class CanaryLeak extends RuntimeException {
        CanaryLeak() {
            super("the answer contained the system prompt canary and was withheld");
        }
    }
}
