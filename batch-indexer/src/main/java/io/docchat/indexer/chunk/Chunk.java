package io.docchat.indexer.chunk;

import java.util.List;

/**
 * One retrievable passage: its number within the document (the id suffix), text, heading path and where it
 * starts (anchor, line or page) so answers can cite it precisely.
 */
public record Chunk(int no, String text, List<String> headingPath, String anchor, Integer line, Integer page, int tokens) {

    public Chunk {
        headingPath = List.copyOf(headingPath);
    }

    public String headingPathText() {
        return String.join(" > ", headingPath);
    }

    /**
     * What the model embeds: the heading path gives a passage the context its own text often lacks
     * ("Configuration > Timeouts" above "Defaults to 30 s.").
     */
    public String embeddingInput(String title) {
        StringBuilder out = new StringBuilder();
        if (title != null && !title.isBlank() && (headingPath.isEmpty() || !headingPath.get(0).equals(title))) {
            out.append(title).append(" > ");
        }
        if (!headingPath.isEmpty()) {
            out.append(headingPathText());
        }
        return out.isEmpty() ? text : out.append("\n\n").append(text).toString();
    }
}
