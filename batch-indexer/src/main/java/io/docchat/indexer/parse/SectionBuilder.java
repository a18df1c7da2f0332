package io.docchat.indexer.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects blocks under the current heading path while a parser walks a document in order. */
final class SectionBuilder {

    private final List<ParsedDocument.Section> sections = new ArrayList<>();
    private final List<String> path = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();
    private String anchor;
    private List<ParsedDocument.Block> blocks = new ArrayList<>();
    private String firstHeading;

    void heading(int level, String text, String explicitAnchor) {
        flush();
        while (!levels.isEmpty() && levels.get(levels.size() - 1) >= level) {
            levels.remove(levels.size() - 1);
            path.remove(path.size() - 1);
        }
        String title = text.strip();
        levels.add(level);
        path.add(title);
        anchor = explicitAnchor != null && !explicitAnchor.isBlank() ? explicitAnchor : slug(title);
        if (firstHeading == null && !title.isEmpty()) {
            firstHeading = title;
        }
    }

    void block(String text, boolean code, Integer line, Integer page) {
        if (text != null && !text.isBlank()) {
            blocks.add(new ParsedDocument.Block(code ? text.stripTrailing() : text.strip(), code, line, page));
        }
    }

    String firstHeading() {
        return firstHeading;
    }

    List<ParsedDocument.Section> sections() {
        flush();
        return List.copyOf(sections);
    }

    private void flush() {
        if (!blocks.isEmpty()) {
            sections.add(new ParsedDocument.Section(path, anchor, blocks));
            blocks = new ArrayList<>();
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                .strip()
                .replaceAll("\\s", "-");
    }
}
