package io.docchat.chat.chat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PassageTextTest {

    @Test
    void codeBlocksStayWholeFencedBlocksAndProseBecomesSentences() {
        String text = """
                Start the stack first. Then run the server.

                ```bash
                ops/dev/up

                curl -s localhost:8080/api/v1/search?q=x
                ```

                It listens on port 8080.""";
        List<PassageText.Part> parts = PassageText.parts(text);

        assertThat(parts).extracting(PassageText.Part::kind).containsExactly(PassageText.Kind.SENTENCE,
                PassageText.Kind.SENTENCE, PassageText.Kind.CODE, PassageText.Kind.SENTENCE);
        assertThat(parts.get(0).text()).isEqualTo("Start the stack first.");
        assertThat(parts.get(2).text()).isEqualTo("```bash\nops/dev/up\n\ncurl -s localhost:8080/api/v1/search?q=x\n```");
    }

    @Test
    void aTableKeepsItsHeaderAndRowsAndRendersAsMarkdownWithChosenRows() {
        String text = """
                | setting | default |
                | --- | --- |
                | Embedder | `local` (BGE-small-en-v1.5, 384 d) |
                | Mode | `public` |""";
        PassageText.Part table = PassageText.parts(text).getFirst();

        assertThat(table.kind()).isEqualTo(PassageText.Kind.TABLE);
        assertThat(table.rows()).containsExactly("| Embedder | `local` (BGE-small-en-v1.5, 384 d) |", "| Mode | `public` |");
        assertThat(table.table(List.of(table.rows().getFirst()))).isEqualTo("""
                | setting | default |
                | --- | --- |
                | Embedder | `local` (BGE-small-en-v1.5, 384 d) |""");
    }

    @Test
    void aChunkThatStartsInsideATableOrACodeBlockStillRendersValidMarkdown() {
        List<PassageText.Part> parts = PassageText.parts("| a | b |\n| c | d |\n\n```\nx = 1");

        assertThat(parts.get(0).kind()).isEqualTo(PassageText.Kind.TABLE);
        assertThat(parts.get(0).table(parts.get(0).rows())).isEqualTo("|   |   |\n| --- | --- |\n| a | b |\n| c | d |");
        assertThat(parts.get(1).text()).isEqualTo("```\nx = 1\n```");
    }
}
