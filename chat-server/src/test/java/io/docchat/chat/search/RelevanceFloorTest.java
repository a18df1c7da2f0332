package io.docchat.chat.search;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RelevanceFloorTest {

    private static final RelevanceFloor FLOOR = new RelevanceFloor(new RelevanceFloorProperties(true, 0.80, 0.5));
    private static final List<RelevanceFloor.Passage> PAGE = List.of(
            new RelevanceFloor.Passage("Limits", "Limits > Keys", "The cormorant limit is 77 requests per minute per key."),
            new RelevanceFloor.Passage("Install", "Install", "Download the archive and run bin/server."));

    private static Map<String, List<Fusion.Scored>> knn(double top) {
        return Map.of(HybridRetriever.KNN, List.of(new Fusion.Scored("a#0", top), new Fusion.Scored("b#0", top - 0.05)),
                HybridRetriever.BM25, List.of());
    }

    @Test
    void aCloseVectorIsEnoughAndThePageIsNotEvenRead() {
        AtomicInteger reads = new AtomicInteger();
        RelevanceFloor.Verdict v = FLOOR.judge("anything", knn(0.86), () -> {
            reads.incrementAndGet();
            return PAGE;
        });
        assertThat(v.relevant()).isTrue();
        assertThat(reads).hasValue(0);
    }

    @Test
    void belowTheVectorFloorTheQuerysWordsMustBeInOnePassage() {
        assertThat(FLOOR.judge("cormorant limit", knn(0.70), () -> PAGE).relevant()).isTrue();
        assertThat(FLOOR.judge("What are the cormorant limits?", knn(0.70), () -> PAGE).relevant()).isTrue();
        // one word of four in a passage is not enough; words spread over passages do not add up
        assertThat(FLOOR.judge("cormorant violin helicopter pancake", knn(0.70), () -> PAGE).relevant()).isFalse();
        assertThat(FLOOR.judge("cormorant archive", knn(0.70), () -> PAGE).coverage()).isEqualTo(0.5);
        assertThat(FLOOR.judge("banana violin", knn(0.70), () -> PAGE).relevant()).isFalse();
    }

    @Test
    void controlCharactersAndSymbolsHaveNoTermsAndNothingIsRelevant() {
        assertThat(RelevanceFloor.terms("\u0001\u0002\u0007 §$%&/()=? \u001b[0m")).containsExactly("0m");
        assertThat(RelevanceFloor.terms("\u0001\u0002\u0007 §$%&/()=?")).isEmpty();
        assertThat(FLOOR.judge("\u0001\u0002\u0007", knn(0.70), () -> PAGE).relevant()).isFalse();
        // however close its vector lands: garbage reached 0.82 on the tiny collection
        assertThat(FLOOR.judge("\u0001\u0002\u0007 §$%", knn(0.83), () -> PAGE).relevant()).isFalse();
        assertThat(FLOOR.judge("\u0001\u0002\u0007", Map.of(), () -> PAGE).relevant()).isFalse();
    }

    @Test
    void switchedOffEverythingIsRelevant() {
        RelevanceFloor off = new RelevanceFloor(new RelevanceFloorProperties(false, 0.80, 0.5));
        assertThat(off.judge("\u0001", knn(0.1), List::of).relevant()).isTrue();
        assertThat(off.key()).isEqualTo("floor=off");
        assertThat(FLOOR.key()).isNotEqualTo(new RelevanceFloor(new RelevanceFloorProperties(true, 0.81, 0.5)).key());
    }
}
