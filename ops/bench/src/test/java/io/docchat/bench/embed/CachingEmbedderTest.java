package io.docchat.bench.embed;

import io.docchat.elastic.EmbeddingSpec;
import io.docchat.elastic.embed.Embedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CachingEmbedderTest {

    @TempDir
    Path dir;

    /** A deterministic stand-in for the model that counts how often it is asked. */
    static final class CountingEmbedder implements Embedder {
        final AtomicInteger calls = new AtomicInteger();

        public EmbeddingSpec spec() {
            return new EmbeddingSpec("test/model", 3, "cosine");
        }

        public float[] embedQuery(String q) {
            calls.incrementAndGet();
            return new float[]{1, q.length(), 0};
        }

        public List<float[]> embedPassages(List<String> ps) {
            calls.addAndGet(ps.size());
            return ps.stream().map(p -> new float[]{0, p.length(), 1}).toList();
        }

        public int countTokens(String t) {
            return t.length();
        }

        public int maxTokens() {
            return 512;
        }
    }

    @Test
    void vectorsSurviveARestartAndAreNotComputedAgain() {
        CountingEmbedder model = new CountingEmbedder();
        try (CachingEmbedder cache = new CachingEmbedder(model, dir)) {
            cache.embedPassages(List.of("alpha", "beta"));
            cache.embedQuery("alpha");
        }
        assertThat(model.calls).hasValue(3);

        CountingEmbedder fresh = new CountingEmbedder();
        try (CachingEmbedder cache = new CachingEmbedder(fresh, dir)) {
            List<float[]> v = cache.embedPassages(List.of("beta", "gamma", "alpha"));
            assertThat(v.get(0)).containsExactly(0, 4, 1);
            assertThat(v.get(2)).containsExactly(0, 5, 1);
            // the same text as a query is a different vector (queries carry an instruction in BGE)
            assertThat(cache.embedQuery("alpha")).containsExactly(1, 5, 0);
            assertThat(cache.hits()).isEqualTo(3);
        }
        assertThat(fresh.calls).hasValue(1);
    }

    @Test
    void aTornLastRecordIsDroppedAndLaterAppendsStayReadable() throws IOException {
        CountingEmbedder model = new CountingEmbedder();
        Path file;
        try (CachingEmbedder cache = new CachingEmbedder(model, dir)) {
            cache.embedPassages(List.of("one"));
            file = cache.file();
        }
        Files.write(file, new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        try (CachingEmbedder cache = new CachingEmbedder(new CountingEmbedder(), dir)) {
            assertThat(cache.missing(List.of("one"))).isZero();
            cache.embedPassages(List.of("two"));
        }
        CountingEmbedder last = new CountingEmbedder();
        try (CachingEmbedder cache = new CachingEmbedder(last, dir)) {
            assertThat(cache.embedPassages(List.of("one", "two")).get(1)).containsExactly(0, 3, 1);
        }
        assertThat(last.calls).hasValue(0);
    }
}
