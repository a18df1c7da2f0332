package io.docchat.chat.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A chunk's text as the parts an extractive answer picks from. The indexer keeps code as fenced blocks and
 * Markdown tables whole (header, delimiter, rows), separated from prose by blank lines; prose is split into
 * sentences. A code block or a table is never cut into sentences or squashed onto one line: an answer shows it
 * as Markdown, as it was written.
 */
final class PassageText {

    /** What a part is. */
    enum Kind { SENTENCE, CODE, TABLE }

    /**
     * One part of a passage.
     *
     * @param text  the sentence, the whole fenced block, or for a table its header row
     * @param rows  a table's body rows (Markdown lines), empty otherwise
     */
    record Part(Kind kind, String text, List<String> rows) {

        Part {
            rows = List.copyOf(rows);
        }

        /** A table as Markdown with only these rows (its header and delimiter always). */
        String table(List<String> chosen) {
            int columns = Math.max(1, text.split("(?<!\\\\)\\|", -1).length - 2);
            return text + "\n|" + " --- |".repeat(columns) + (chosen.isEmpty() ? "" : "\n" + String.join("\n", chosen));
        }
    }

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\p{N}`\"'(\\[*])");
    private static final Pattern DELIMITER_ROW = Pattern.compile("^\\|?\\s*:?-{1,}:?\\s*(\\|\\s*:?-{1,}:?\\s*)*\\|?$");

    private PassageText() {
    }

    static List<Part> parts(String text) {
        List<Part> out = new ArrayList<>();
        String[] lines = (text == null ? "" : text).split("\n", -1);
        StringBuilder prose = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                flush(prose, out);
                StringBuilder code = new StringBuilder(trimmed);
                int j = i + 1;
                while (j < lines.length && !lines[j].strip().equals("```")) {
                    code.append('\n').append(lines[j]);
                    j++;
                }
                // a chunk can end inside a long block: close the fence it opened
                code.append("\n```");
                out.add(new Part(Kind.CODE, code.toString(), List.of()));
                i = j;
            } else if (trimmed.startsWith("|") && trimmed.endsWith("|") && trimmed.length() > 1) {
                flush(prose, out);
                List<String> rows = new ArrayList<>();
                int j = i;
                while (j < lines.length && lines[j].strip().startsWith("|")) {
                    rows.add(lines[j].strip());
                    j++;
                }
                String header = rows.getFirst();
                List<String> body = rows.subList(1, rows.size()).stream()
                        .filter(r -> !DELIMITER_ROW.matcher(r).matches()).toList();
                boolean headed = rows.size() > 1 && DELIMITER_ROW.matcher(rows.get(1)).matches();
                // a chunk that starts inside a table has no header: its first row is data, under an empty header
                out.add(headed ? new Part(Kind.TABLE, header, body)
                        : new Part(Kind.TABLE, emptyHeader(header), rows));
                i = j - 1;
            } else if (trimmed.isEmpty()) {
                flush(prose, out);
            } else {
                prose.append(prose.isEmpty() ? "" : " ").append(trimmed);
            }
        }
        flush(prose, out);
        return out;
    }

    private static String emptyHeader(String row) {
        int columns = Math.max(1, row.split("(?<!\\\\)\\|", -1).length - 2);
        return "|" + "   |".repeat(columns);
    }

    private static void flush(StringBuilder prose, List<Part> out) {
        if (prose.isEmpty()) {
            return;
        }
        for (String s : SENTENCE_END.split(prose.toString().replaceAll("\\s+", " ").strip())) {
            if (!s.isBlank()) {
                out.add(new Part(Kind.SENTENCE, s.strip(), List.of()));
            }
        }
        prose.setLength(0);
    }
}
