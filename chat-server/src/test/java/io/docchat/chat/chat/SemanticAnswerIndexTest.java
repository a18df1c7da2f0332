package io.docchat.chat.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SemanticAnswerIndexTest {

    @Test
    void findsTheClosestQuestionAboveTheThresholdWithinTheSameGeneration() {
        SemanticAnswerIndex index = new SemanticAnswerIndex(0.9, 10);
        index.add("g1", new float[]{1, 0, 0}, "k-rotate");
        index.add("g1", new float[]{0, 1, 0}, "k-backup");
        assertThat(index.nearest("g1", new float[]{0.95f, 0.1f, 0})).contains("k-rotate");
        assertThat(index.nearest("g1", new float[]{0.6f, 0.6f, 0})).isEmpty();
        assertThat(index.nearest("g2", new float[]{1, 0, 0})).as("another index generation").isEmpty();
    }

    @Test
    void aNewGenerationStartsEmptyAndTheIndexIsBounded() {
        SemanticAnswerIndex index = new SemanticAnswerIndex(0.9, 2);
        index.add("g1", new float[]{1, 0}, "a");
        index.add("g2", new float[]{0, 1}, "b");
        assertThat(index.nearest("g2", new float[]{1, 0})).isEmpty();
        index.add("g2", new float[]{1, 0}, "c");
        index.add("g2", new float[]{0.7f, 0.7f}, "d");
        assertThat(index.nearest("g2", new float[]{0, 1})).as("oldest entry evicted").isEmpty();
        assertThat(index.nearest("g2", new float[]{1, 0})).contains("c");
    }

    @Test
    void offByDefault() {
        assertThat(new SemanticAnswerIndex(0, 10).enabled()).isFalse();
    }
}
