package io.docchat.indexer.job;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FullRebuildIT {

    @TempDir
    Path docs;

    @Test
    void searchesNeverFailOrComeBackEmptyDuringRebuildsAndAModelChangeRebuildsIntoANewVersion() throws Exception {
        for (int i = 0; i < 6; i++) {
            Files.writeString(docs.resolve("page" + i + ".md"), "# Page " + i + "\n\nThe archive holds release " + i
                    + " of the product.\n\n## Details\n\nMore about release " + i + ".\n");
        }
        String prefix = TestServices.uniquePrefix("rebuild");
        Map<String, String> props = IndexerApp.baseProperties(prefix, docs);
        try (IndexerApp app = IndexerApp.start(prefix, props)) {
            assertThat(app.run(RunMode.FULL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            String first = app.liveIndex();
            Map<String, String> expected = app.expectedChunks(docs, "docs");

            AtomicBoolean searching = new AtomicBoolean(true);
            AtomicInteger searches = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger empty = new AtomicInteger();
            ElasticsearchClient es = app.es();
            Thread searcher = Thread.ofPlatform().start(() -> {
                while (searching.get()) {
                    try {
                        long hits = es.search(s -> s.index(prefix).size(0).trackTotalHits(t -> t.enabled(true))
                                .query(q -> q.match(m -> m.field("text").query("archive"))), Void.class).hits().total().value();
                        if (hits < 6) {
                            empty.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    searches.incrementAndGet();
                }
            });

            double missesBefore = cacheMisses(app);
            assertThat(app.run(RunMode.FULL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(cacheMisses(app)).as("a rebuild of unchanged text embeds nothing").isEqualTo(missesBefore);
            String second = app.liveIndex();
            assertThat(second).isNotEqualTo(first);
            assertThat(app.indexedChunks()).isEqualTo(expected);

            // Another model behind the same alias: an incremental request must become a rebuild.
            try (IndexerApp changed = IndexerApp.start(prefix, props, "test/bge-variant")) {
                var run = changed.run(RunMode.INCREMENTAL);
                assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(run.getExecutionContext().getString("effectiveMode")).isEqualTo("full");
                String third = changed.liveIndex();
                assertThat(third).isNotIn(first, second);
                assertThat(changed.bean(IndexManager.class).specOf(third).modelId()).isEqualTo("test/bge-variant");
                assertThat(changed.indexedChunks()).isEqualTo(expected);
                // Rollback targets stay: the previous version is kept.
                assertThat(changed.bean(IndexManager.class).versions()).contains(second, third);

                searching.set(false);
                searcher.join();
            }
            assertThat(searches.get()).isGreaterThan(20);
            assertThat(failed.get()).as("failed searches").isZero();
            assertThat(empty.get()).as("empty or partial searches").isZero();
        }
    }

    private static double cacheMisses(IndexerApp app) {
        var counter = app.bean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("docchat.indexer.embedding.cache").tag("result", "miss").counter();
        return counter == null ? 0 : counter.count();
    }
}
