package io.docchat.indexer.chunk;

import io.docchat.indexer.parse.ParsedDocument;
import io.docchat.indexer.parse.ParsedDocument.Block;
import io.docchat.indexer.parse.ParsedDocument.Section;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkerTest {

    /** One token per whitespace-separated word: easy to reason about, additive like WordPiece. */
    private static int words(String s) {
        return s.isBlank() ? 0 : s.strip().split("\\s+").length;
    }

    private static String sentence(int n, String word) {
        // Capitalised: a sentence break needs an upper-case start after the full stop.
        return Character.toUpperCase(word.charAt(0)) + word.substring(1) + (" " + word).repeat(n - 1) + ".";
    }

    @Test
    void neverCrossesHeadingsAndKeepsHeadingPathAndAnchor() {
        ParsedDocument doc = new ParsedDocument("T", List.of(
                new Section(List.of("Guide", "Install"), "install", List.of(new Block("Run the installer.", false, 3, null))),
                new Section(List.of("Guide", "Configure"), "configure", List.of(new Block("Edit the file.", false, 9, null)))),
                null, null, null);

        List<Chunk> chunks = new Chunker(ChunkerTest::words, 100, 10).chunk(doc);

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).headingPathText()).isEqualTo("Guide > Install");
        assertThat(chunks.get(0).anchor()).isEqualTo("install");
        assertThat(chunks.get(0).line()).isEqualTo(3);
        assertThat(chunks.get(1).no()).isEqualTo(1);
        assertThat(chunks.get(1).line()).isEqualTo(9);
    }

    @Test
    void respectsTheBudgetAndOverlapsWithTheLastSentence() {
        String text = sentence(30, "alpha") + " " + sentence(30, "beta") + " " + sentence(30, "gamma") + " " + sentence(8, "delta");
        ParsedDocument doc = new ParsedDocument(null, List.of(new Section(List.of(), null, List.of(new Block(text, false, 1, null)))),
                null, null, null);

        List<Chunk> chunks = new Chunker(ChunkerTest::words, 64, 31).chunk(doc);

        assertThat(chunks).allSatisfy(c -> assertThat(words(c.text())).isLessThanOrEqualTo(64));
        assertThat(chunks).hasSizeGreaterThan(1);
        // The second chunk starts with the previous chunk's last sentence (overlap), then moves on.
        assertThat(chunks.get(1).text()).startsWith("Beta").contains("gamma");
        assertThat(String.join(" ", chunks.stream().map(Chunk::text).toList())).contains("delta.");
    }

    @Test
    void keepsACodeBlockWholeWhenItFitsAndSplitsByLinesWhenItDoesNot() {
        String small = "```java\nint a = 1;\nint b = 2;\n```";
        String big = String.join("\n", java.util.Collections.nCopies(40, "x = y + z ;"));
        ParsedDocument doc = new ParsedDocument(null, List.of(new Section(List.of("Code"), "code", List.of(
                new Block(sentence(10, "intro"), false, 1, null),
                new Block(small, true, 2, null),
                new Block(big, true, 10, null)))), null, null, null);

        List<Chunk> chunks = new Chunker(ChunkerTest::words, 60, 5).chunk(doc);

        assertThat(chunks.stream().filter(c -> c.text().contains(small))).hasSize(1);
        assertThat(chunks).allSatisfy(c -> assertThat(words(c.text())).isLessThanOrEqualTo(60));
        long lines = chunks.stream().mapToLong(c -> c.text().lines().filter(l -> l.equals("x = y + z ;")).count()).sum();
        assertThat(lines).isEqualTo(40);
    }

    @Test
    void splitsAHugeSentenceByWords() {
        String huge = "word ".repeat(500).strip();
        ParsedDocument doc = new ParsedDocument(null, List.of(new Section(List.of(), null, List.of(new Block(huge, false, 1, null)))),
                null, null, null);

        List<Chunk> chunks = new Chunker(ChunkerTest::words, 100, 10).chunk(doc);

        assertThat(chunks).hasSize(5).allSatisfy(c -> assertThat(words(c.text())).isEqualTo(100));
    }
}
