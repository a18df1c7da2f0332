package io.docchat.bench.eval;

import io.docchat.bench.metrics.QueryScores;
import io.docchat.bench.metrics.Summary;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation command end to end on a tiny BEIR folder: real Elasticsearch, the real model, the
 * product's indexing pipeline (test database) and search path. Every query has one obviously right document,
 * so a working path ranks it first; the index family is gone afterwards.
 */
class RetrievalEvalIT {

    @TempDir
    Path root;

    @Test
    void evaluatesEveryModeThroughThePipelineAndCleansUp() throws IOException {
        Path data = root.resolve("tiny");
        Files.createDirectories(data.resolve("qrels"));
        Files.writeString(data.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "Vitamin D and bone density", "text": "Vitamin D supplementation increases bone mineral density in elderly women."}
                {"_id": "d2", "title": "Aspirin and heart attacks", "text": "Daily low-dose aspirin lowers the risk of a first myocardial infarction."}
                {"_id": "d3", "title": "Sleep and memory", "text": "Sleep deprivation impairs the consolidation of declarative memories."}
                {"_id": "d4", "title": "Coffee and longevity", "text": "Moderate coffee drinking is associated with lower all-cause mortality."}
                {"_id": "d5", "title": "Exercise and depression", "text": "Aerobic exercise reduces symptoms of major depressive disorder."}
                """);
        Files.writeString(data.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "aspirin prevents myocardial infarction"}
                {"_id": "q2", "text": "lack of sleep harms memory consolidation"}
                {"_id": "q3", "text": "vitamin D improves bone mineral density"}
                {"_id": "q9", "text": "a query without judgements is dropped"}
                """);
        Files.writeString(data.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td2\t1\nq2\td3\t1\nq3\td1\t2\n");
        String prefix = TestServices.uniquePrefix("bench-eval");
        EvalOptions opts = EvalOptions.parse(new String[]{
                "--root", root.toString(), "--data", data.toString(), "--es", TestServices.elasticsearch().toString(),
                "--jdbc", TestServices.jdbcUrl(), "--prefix", prefix, "--out", root.resolve("out").toString(),
                "--runs", root.resolve("runs").toString(), "--threads", "2"});
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Map<String, List<QueryScores>> scores = RetrievalEval.run(opts, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(scores).containsOnlyKeys("bm25", "vector", "product-bm25", "product-vector", "product-hybrid",
                "hybrid-rrf", "hybrid-cc", "hybrid-cc-z", "product-hybrid@convex", "product-hybrid@rrf",
                "product-hybrid@dbsf", "product-hybrid@adaptive", "product-hybrid@learned", "product-hybrid@floor");
        scores.forEach((mode, perQuery) -> {
            assertThat(perQuery).as(mode).hasSize(3);
            assertThat(Summary.of(perQuery).mrr10()).as(mode).isEqualTo(1.0);
            assertThat(Summary.of(perQuery).ndcg10()).as(mode).isEqualTo(1.0);
        });
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("| hybrid-rrf | 1.0000 |");
        assertThat(Files.readAllLines(root.resolve("out/tiny-pipeline-per-query.tsv"))).hasSize(1 + 14 * 3);
        assertThat(Files.readAllLines(root.resolve("runs/tiny-hybrid-cc.trec")).get(0)).matches("q\\d Q0 d\\d 1 \\S+ hybrid-cc");
        try (var transport = ElasticClientFactory.create(ElasticProperties.local(TestServices.elasticsearch().toString(), prefix))
                ._transport()) {
            var client = new co.elastic.clients.elasticsearch.ElasticsearchClient(transport);
            assertThat(client.indices().get(g -> g.index(prefix + "*").allowNoIndices(true)).result()).isEmpty();
        }
    }
}
