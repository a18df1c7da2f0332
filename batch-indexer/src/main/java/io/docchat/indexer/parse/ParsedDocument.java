package io.docchat.indexer.parse;

import java.util.List;

/**
 * A document reduced to its structure: sections under headings, each a list of text and code blocks that
 * remember where they came from (line or page), plus the metadata front matter may carry.
 */
public record ParsedDocument(String title, List<Section> sections, String product, String version, List<String> tags) {

    public ParsedDocument {
        sections = List.copyOf(sections);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean isBlank() {
        return sections.stream().allMatch(s -> s.blocks().isEmpty());
    }

    /** The blocks under one heading path; {@code anchor} is the fragment that links to the heading. */
    public record Section(List<String> headingPath, String anchor, List<Block> blocks) {
        public Section {
            headingPath = List.copyOf(headingPath);
            blocks = List.copyOf(blocks);
        }
    }

    /** A paragraph, list, table or code block; {@code line} is 1-based, {@code page} too (PDF only). */
    public record Block(String text, boolean code, Integer line, Integer page) {
        public Block {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("a block needs text");
            }
        }
    }
}
