package io.docchat.indexer.chunk;

import io.docchat.indexer.parse.ParsedDocument;
import io.docchat.indexer.parse.ParsedDocument.Block;
import io.docchat.indexer.parse.ParsedDocument.Section;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Cuts a parsed document along its structure: never across headings; within a section, whole blocks are
 * packed up to the token budget; a block larger than the budget is split by sentences (text) or lines (code),
 * and words as a last resort. A new chunk inside a section repeats the last sentence(s) of the previous one,
 * up to the overlap budget. Tokens are counted with the embedding model's own tokenizer.
 */
public final class Chunker {

    private final ToIntFunction<String> tokens;
    private final int maxTokens;
    private final int overlapTokens;

    public Chunker(ToIntFunction<String> tokenCounter, int maxTokens, int overlapTokens) {
        if (maxTokens < 16 || overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
            throw new IllegalArgumentException("need maxTokens >= 16 and 0 <= overlapTokens < maxTokens / 2");
        }
        this.tokens = tokenCounter;
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    public List<Chunk> chunk(ParsedDocument document) {
        List<Chunk> out = new ArrayList<>();
        for (Section section : document.sections()) {
            chunkSection(section, out);
        }
        return out;
    }

    private void chunkSection(Section section, List<Chunk> out) {
        List<Piece> current = new ArrayList<>();
        int used = 0;
        for (Block block : section.blocks()) {
            for (Piece piece : pieces(block)) {
                if (used + piece.tokens > maxTokens && !current.isEmpty()) {
                    emit(section, current, out);
                    current = overlap(current);
                    used = current.stream().mapToInt(p -> p.tokens).sum();
                    if (used + piece.tokens > maxTokens) {
                        current.clear();
                        used = 0;
                    }
                }
                current.add(piece);
                used += piece.tokens;
            }
        }
        if (!current.isEmpty()) {
            emit(section, current, out);
        }
    }

    private void emit(Section section, List<Piece> pieces, List<Chunk> out) {
        StringBuilder text = new StringBuilder();
        Piece previous = null;
        for (Piece p : pieces) {
            if (previous != null) {
                // Sentences of one paragraph rejoin with a space; separate blocks keep a blank line.
                text.append(previous.block == p.block && !p.block.code() ? " " : previous.block == p.block ? "\n" : "\n\n");
            }
            text.append(p.text);
            previous = p;
        }
        Block first = pieces.stream().filter(p -> !p.overlap).findFirst().orElse(pieces.get(0)).block;
        int count = pieces.stream().mapToInt(p -> p.tokens).sum();
        out.add(new Chunk(out.size(), text.toString(), section.headingPath(), section.anchor(), first.line(), first.page(), count));
    }

    /** The trailing text pieces of the emitted chunk that fit the overlap budget, marked as repeated. */
    private List<Piece> overlap(List<Piece> emitted) {
        List<Piece> tail = new ArrayList<>();
        int budget = overlapTokens;
        for (int i = emitted.size() - 1; i >= 0; i--) {
            Piece p = emitted.get(i);
            if (p.block.code() || p.tokens > budget) {
                break;
            }
            tail.add(0, new Piece(p.block, p.text, p.tokens, true));
            budget -= p.tokens;
        }
        return tail;
    }

    private List<Piece> pieces(Block block) {
        int count = tokens.applyAsInt(block.text());
        if (count <= maxTokens && block.code()) {
            return List.of(new Piece(block, block.text(), count, false));
        }
        List<String> units = block.code() ? List.of(block.text().split("\n")) : sentences(block.text());
        List<Piece> out = new ArrayList<>();
        StringBuilder group = new StringBuilder();
        int groupTokens = 0;
        for (String unit : units) {
            int t = tokens.applyAsInt(unit);
            if (t > maxTokens) {
                if (!group.isEmpty()) {
                    out.add(new Piece(block, group.toString(), groupTokens, false));
                    group.setLength(0);
                    groupTokens = 0;
                }
                out.addAll(words(block, unit));
                continue;
            }
            // Code lines are grouped up to the budget; prose stays one piece per sentence so overlap can reuse it.
            if (block.code() && groupTokens + t + 1 <= maxTokens) {
                group.append(group.isEmpty() ? "" : "\n").append(unit);
                groupTokens += t + 1;
                continue;
            }
            if (!group.isEmpty()) {
                out.add(new Piece(block, group.toString(), groupTokens, false));
                group.setLength(0);
                groupTokens = 0;
            }
            if (block.code()) {
                group.append(unit);
                groupTokens = t;
            } else {
                out.add(new Piece(block, unit, t, false));
            }
        }
        if (!group.isEmpty()) {
            out.add(new Piece(block, group.toString(), groupTokens, false));
        }
        return out;
    }

    /** WordPiece counts add up over whitespace-separated words, so this stays linear on huge "sentences". */
    private List<Piece> words(Block block, String unit) {
        List<Piece> out = new ArrayList<>();
        StringBuilder group = new StringBuilder();
        int used = 0;
        for (String word : unit.split("\\s+")) {
            int t = Math.min(tokens.applyAsInt(word), maxTokens);
            if (!group.isEmpty() && used + t > maxTokens) {
                out.add(new Piece(block, group.toString(), used, false));
                group.setLength(0);
                used = 0;
            }
            group.append(group.isEmpty() ? "" : " ").append(word);
            used += t;
        }
        if (!group.isEmpty()) {
            out.add(new Piece(block, group.toString(), used, false));
        }
        return out;
    }

    static List<String> sentences(String text) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        List<String> out = new ArrayList<>();
        for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private record Piece(Block block, String text, int tokens, boolean overlap) {
    }
}
