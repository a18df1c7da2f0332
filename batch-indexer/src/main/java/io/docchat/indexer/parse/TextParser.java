package io.docchat.indexer.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Plain text: paragraphs separated by blank lines, each with its first line number. */
final class TextParser implements DocumentParser {

    @Override
    public ParsedDocument parse(String location, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        SectionBuilder sections = new SectionBuilder();
        String[] lines = text.split("\\R", -1);
        StringBuilder paragraph = new StringBuilder();
        int start = 0;
        for (int i = 0; i <= lines.length; i++) {
            boolean blank = i == lines.length || lines[i].isBlank();
            if (blank) {
                if (!paragraph.isEmpty()) {
                    sections.block(paragraph.toString(), false, start + 1, null);
                    paragraph.setLength(0);
                }
            } else {
                if (paragraph.isEmpty()) {
                    start = i;
                }
                paragraph.append(lines[i]).append('\n');
            }
        }
        return new ParsedDocument(null, sections.sections(), null, null, null);
    }

    static List<String> paragraphs(String text) {
        List<String> out = new ArrayList<>();
        for (String p : text.split("\\R\\s*\\R")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }
}
