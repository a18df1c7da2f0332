package io.docchat.chat.chat;

import io.docchat.chat.search.SearchResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractiveAnswerTest {

    private static SearchResult.Hit hit(String id, String heading, String text) {
        return new SearchResult.Hit(id, "readme", "docs", "DocChat", heading, "/view.html?chunk=" + id, text, text, 0.5,
                Set.of("bm25", "knn"));
    }

    /** What the README's chunks look like in the index (the quick start ranks first for most questions). */
    private static final SearchResult.Hit QUICK_START = hit("readme#1", "DocChat > Quick start", """
            Run everything locally with one command; it builds, starts the stack and indexes the docs.

            ```bash
            ops/dev/up
            curl -s 'http://localhost:8080/api/v1/search?q=embedding+model+default'
            ```

            Then open the chat page and ask a question.""");
    private static final SearchResult.Hit CONFIGURATION = hit("readme#7", "DocChat > Configuration", """
            Everything has a local default; production settings come from the environment.

            | setting | environment variable | default |
            |---|---|---|
            | Index alias prefix | `DOCCHAT_INDEX` | `docchat-chunks` |
            | Embedder | `DOCCHAT_EMBEDDING_PROVIDER` (`local` or `openai`), `DOCCHAT_EMBEDDING_MODEL` | `local` (BGE-small-en-v1.5, 384 d) |
            | Mode: `public` or `private` | `DOCCHAT_MODE` | `public` |""");
    private static final SearchResult.Hit SECURITY = hit("readme#9", "DocChat > Security",
            "Private mode needs sign-in. Anonymous callers are limited per client address.");

    @Test
    void theEmbeddingModelQuestionIsAnsweredFromTheTableNotTheQuickStartsCurlCommand() {
        ExtractiveAnswer.Built a = ExtractiveAnswer.build("What embedding model does DocChat use by default?",
                List.of(QUICK_START, CONFIGURATION, SECURITY), null);

        assertThat(a.text()).startsWith(ExtractiveAnswer.LABEL).contains("BGE-small-en-v1.5");
        assertThat(a.cited().getFirst()).isEqualTo(CONFIGURATION);
        // the table is Markdown with its header, the matching row, and not the rows that do not match
        assertThat(a.text()).contains("""
                | setting | environment variable | default |
                | --- | --- | --- |
                | Embedder |""").doesNotContain("DOCCHAT_INDEX");
        assertThat(a.text()).doesNotContain("curl");
        assertThat(a.text()).contains("[1]");
    }

    @Test
    void aHowToQuestionGetsTheCommandAsAWholeCodeBlock() {
        ExtractiveAnswer.Built a = ExtractiveAnswer.build("How do I run DocChat locally?",
                List.of(SECURITY, QUICK_START, CONFIGURATION), null);

        assertThat(a.cited().getFirst()).isEqualTo(QUICK_START);
        assertThat(a.text()).contains("Run everything locally with one command")
                .contains("```bash\nops/dev/up\ncurl -s 'http://localhost:8080/api/v1/search?q=embedding+model+default'\n```");
    }

    @Test
    void passagesWithNothingOfTheQuestionAreLeftOutAndCitationsFollowTheAnswersOrder() {
        ExtractiveAnswer.Built a = ExtractiveAnswer.build("Who may use private mode without sign-in?",
                List.of(QUICK_START, CONFIGURATION, SECURITY), "(The language model is unavailable right now.)");

        assertThat(a.cited().getFirst()).isEqualTo(SECURITY);
        assertThat(a.text()).contains("unavailable").contains("**DocChat > Security:** Private mode needs sign-in.");
        assertThat(a.text().indexOf("[1]")).isLessThan(a.text().indexOf("[2]") < 0 ? Integer.MAX_VALUE : a.text().indexOf("[2]"));
        assertThat(a.cited()).doesNotContain(QUICK_START);
    }

    @Test
    void anAnswerWithNoMatchingWordsStillCitesTheTopPassage() {
        ExtractiveAnswer.Built a = ExtractiveAnswer.build("zzz qqq", List.of(SECURITY, QUICK_START), null);

        assertThat(a.cited()).containsExactly(SECURITY);
        assertThat(a.text()).contains("Private mode needs sign-in. Anonymous callers are limited per client address. [1]");
    }

    @Test
    void shellCommandsAreRecognised() {
        assertThat(ExtractiveAnswer.command("```bash\n# start\nops/dev/up\n```")).isTrue();
        assertThat(ExtractiveAnswer.command("```bash\ncurl -s x\n```")).isTrue();
        assertThat(ExtractiveAnswer.command("```yaml\ndocchat:\n  links: x\n```")).isFalse();
    }
}
