package io.docchat.bench.beir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BeirDatasetTest {

    @TempDir
    Path dir;

    private void write(String corpus, String queries, String qrels) throws IOException {
        Files.writeString(dir.resolve("corpus.jsonl"), corpus);
        Files.writeString(dir.resolve("queries.jsonl"), queries);
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), qrels);
    }

    @Test
    void loadsCorpusQueriesAndGradedQrelsSkippingTheHeader() throws IOException {
        write("""
                {"_id": "d1", "title": "Mice", "text": "Mice run.", "metadata": {}}
                {"_id": "d2", "title": "", "text": "No title here."}
                """, """
                {"_id": "q1", "text": "do mice run"}
                {"_id": "q2", "text": "a training query without test qrels"}
                """, "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n");

        BeirDataset data = BeirDataset.load(dir);

        assertThat(data.corpus()).containsExactly(new BeirDataset.Doc("d1", "Mice", "Mice run."),
                new BeirDataset.Doc("d2", "", "No title here."));
        assertThat(data.queries()).containsExactly(new BeirDataset.Query("q1", "do mice run"));
        assertThat(data.qrels().of("q1")).isEqualTo(Map.of("d1", 2, "d2", 0));
        assertThat(data.qrels().of("q2")).isEmpty();
    }

    @Test
    void aMalformedQrelsLineIsAnErrorWithItsLineNumber() throws IOException {
        write("{\"_id\":\"d1\",\"text\":\"x\"}\n", "{\"_id\":\"q1\",\"text\":\"x\"}\n",
                "query-id\tcorpus-id\tscore\nq1\td1\tyes\n");
        assertThatThrownBy(() -> BeirDataset.load(dir)).hasMessageContaining("test.tsv:2");
    }

    @Test
    void loadsTheSharedSciFactWhenPresent() {
        Path scifact = Path.of("../../../shared/datasets/scifact");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(scifact), "SciFact not on this machine");
        BeirDataset data = BeirDataset.load(scifact);
        // counts from SOURCE.md
        assertThat(data.corpus()).hasSize(5183);
        assertThat(data.queries()).hasSize(300);
        assertThat(data.qrels().judgements().values().stream().mapToInt(Map::size).sum()).isEqualTo(339);
    }
}
