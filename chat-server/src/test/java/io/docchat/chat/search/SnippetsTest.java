package io.docchat.chat.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnippetsTest {

    @Test
    void marksEveryQueryWordCaseInsensitively() {
        assertThat(Snippets.highlight("A Snapshot can be restored. Restore a snapshot nightly.", "restore snapshot", 200))
                .isEqualTo("A <em>Snapshot</em> can be restored. <em>Restore</em> a <em>snapshot</em> nightly.");
    }

    @Test
    void escapesHtmlInTheTextButNotItsOwnMarks() {
        String s = Snippets.highlight("Use <script>alert(1)</script> & the quota flag", "quota script", 200);
        assertThat(s).isEqualTo("Use &lt;<em>script</em>&gt;alert(1)&lt;/<em>script</em>&gt; &amp; the <em>quota</em> flag");
        assertThat(s).doesNotContain("<script>");
    }

    @Test
    void picksTheWindowWithTheMostDistinctQueryWords() {
        String filler = "lorem ipsum dolor sit amet ".repeat(20);
        String text = "quota is mentioned here. " + filler + "the storage quota of a workspace is raised on the billing page. " + filler;
        String s = Snippets.highlight(text, "raise the workspace storage quota", 80);
        assertThat(s).startsWith("… ").endsWith(" …")
                .contains("<em>storage</em> <em>quota</em> of a <em>workspace</em>")
                .doesNotContain("mentioned");
        assertThat(s.replaceAll("</?em>", "").length()).isLessThanOrEqualTo(80 + 4);
    }

    @Test
    void identifiersNumbersAndContractionsAreOneWordAsInTheStandardAnalyzer() {
        assertThat(Snippets.tokens("ERR_QX_4471 costs 1,000.50 and can't fail, e.g. now").stream().map(Snippets.Token::term))
                .containsExactly("err_qx_4471", "costs", "1,000.50", "and", "can't", "fail", "e.g", "now");
        assertThat(Snippets.highlight("the server logs ERR_QX_4471; delete", "ERR_QX_4471", 200))
                .isEqualTo("the server logs <em>ERR_QX_4471</em>; delete");
        assertThat(Snippets.highlight("ERR_QX_4471", "ERR", 200)).doesNotContain("<em>");
    }

    @Test
    void withoutAMatchTheSnippetIsTheEscapedLeadCutAtAWord() {
        assertThat(Snippets.highlight("Passwords <b>are</b> reset from the account page, under security settings.",
                "forgotten login secret", 40))
                .isEqualTo("Passwords &lt;b&gt;are&lt;/b&gt; reset from the …");
        assertThat(Snippets.highlight(null, "x", 40)).isEmpty();
    }

    @Test
    void casesAreIgnoredBeyondAsciiAndOneSetOfTermsServesAPage() {
        Snippets.Terms terms = Snippets.terms("École GRÜNDE résumé");
        assertThat(Snippets.highlight("Die ÉCOLE nennt Gründe; see the RÉSUMÉ.", terms, 200))
                .isEqualTo("Die <em>ÉCOLE</em> nennt <em>Gründe</em>; see the <em>RÉSUMÉ</em>.");
        // words as long as a query word, and with its letters, are not taken for it
        assertThat(Snippets.highlight("ecole, grunde and resume are other words", terms, 200)).doesNotContain("<em>");
    }
}
