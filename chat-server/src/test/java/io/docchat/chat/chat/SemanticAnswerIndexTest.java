package io.docchat.chat.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SemanticAnswerIndexTest {

    @Test
    void findsTheClosestQuestionAboveTheThresholdWithinTheSameGeneration() {
        SemanticAnswerIndex index = new SemanticAnswerIndex(0.9, 10);
        index.add("g1", "public", new float[]{1, 0, 0}, "k-rotate");
        index.add("g1", "public", new float[]{0, 1, 0}, "k-backup");
        assertThat(index.nearest("g1", "public", new float[]{0.95f, 0.1f, 0})).contains("k-rotate");
        assertThat(index.nearest("g1", "public", new float[]{0.6f, 0.6f, 0})).isEmpty();
        assertThat(index.nearest("g2", "public", new float[]{1, 0, 0})).as("another index generation").isEmpty();
    }

    @Test
    void aNewGenerationStartsEmptyAndTheIndexIsBounded() {
        SemanticAnswerIndex index = new SemanticAnswerIndex(0.9, 2);
        index.add("g1", "public", new float[]{1, 0}, "a");
        index.add("g2", "public", new float[]{0, 1}, "b");
        assertThat(index.nearest("g2", "public", new float[]{1, 0})).isEmpty();
        index.add("g2", "public", new float[]{1, 0}, "c");
        index.add("g2", "public", new float[]{0.7f, 0.7f}, "d");
        assertThat(index.nearest("g2", "public", new float[]{0, 1})).as("oldest entry evicted").isEmpty();
        assertThat(index.nearest("g2", "public", new float[]{1, 0})).contains("c");
    }

    @Test
    void anAnswerIsNeverFoundUnderAnotherPermissionSet() {
        SemanticAnswerIndex index = new SemanticAnswerIndex(0.9, 10);
        index.add("g1", "gEngineering", new float[]{1, 0, 0}, "k-eng");
        assertThat(index.nearest("g1", "gEngineering", new float[]{1, 0, 0})).contains("k-eng");
        assertThat(index.nearest("g1", "public", new float[]{1, 0, 0})).as("public caller").isEmpty();
        assertThat(index.nearest("g1", "gSales", new float[]{1, 0, 0})).as("other groups").isEmpty();
        index.add("g1", "public", new float[]{0.99f, 0.1f, 0}, "k-public");
        assertThat(index.nearest("g1", "public", new float[]{1, 0, 0})).contains("k-public");
        assertThat(index.nearest("g1", "gEngineering", new float[]{1, 0, 0})).contains("k-eng");
    }

    @Test
    void offByDefault() {
        assertThat(new SemanticAnswerIndex(0, 10).enabled()).isFalse();
    }
}
