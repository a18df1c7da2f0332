package io.docchat.chat.chat;

import io.docchat.chat.search.SearchResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerabilityTest {

    private final Answerability answerability = new Answerability(0.34);

    static SearchResult.Hit hit(String id, String title, String text, String... retrievers) {
        return new SearchResult.Hit(id, id.split("#")[0], "docs", title, title, "https://docs.example/" + id, text, text, 1,
                Set.of(retrievers));
    }

    @Test
    void noHitsIsUnanswerable() {
        assertThat(answerability.assess("how to rotate keys", new SearchResult(List.of(), "g1", 1, false)).answerable()).isFalse();
    }

    @Test
    void passagesAboutSomethingElseAreUnanswerable() {
        var r = new SearchResult(List.of(hit("a#1", "Installing", "Download the archive and unpack it.", "knn")), "g1", 1, false);
        Evidence e = answerability.assess("What is the refund policy for enterprise licences?", r);
        assertThat(e.answerable()).isFalse();
        assertThat(e.confidence()).isLessThan(0.35);
    }

    @Test
    void coveredQuestionIsAnswerableWithHigherConfidenceWhenRetrieversAgree() {
        var text = "To rotate the signing keys, run docchat keys rotate; old keys stay valid for a day.";
        Evidence one = answerability.assess("How do I rotate signing keys?",
                new SearchResult(List.of(hit("k#1", "Keys", text, "bm25")), "g1", 1, false));
        Evidence both = answerability.assess("How do I rotate signing keys?",
                new SearchResult(List.of(hit("k#1", "Keys", text, "bm25", "knn")), "g1", 1, false));
        assertThat(one.answerable()).isTrue();
        assertThat(both.confidence()).isGreaterThan(one.confidence());
    }
}
