package io.docchat.bench.eval;

import io.docchat.bench.metrics.QueryScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The suite's collection list ({@code --data}) and its table of means and fusion margins. */
class SuiteTest {

    @TempDir
    Path dir;

    private Path beir(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("datasets").resolve(name));
        Files.writeString(folder.resolve("corpus.jsonl"), "");
        return folder;
    }

    @Test
    void dataNamesOneCollectionAListOrAFolderOfCollectionsInNameOrder() throws IOException {
        Path scifact = beir("scifact");
        Path nfcorpus = beir("nfcorpus");
        Files.createDirectories(dir.resolve("datasets/not-a-collection"));

        assertThat(EvalOptions.collections(new String[]{"--data", dir.resolve("datasets").toString()}))
                .containsExactly(nfcorpus, scifact);
        assertThat(EvalOptions.collections(new String[]{"--data", scifact + "," + nfcorpus}))
                .containsExactly(scifact, nfcorpus);
        assertThat(EvalOptions.collections(new String[]{"--data", scifact.toString()})).containsExactly(scifact);
        // by default every collection beside the repository, ../shared/datasets
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(dir.resolve("shared"));
        Files.createSymbolicLink(dir.resolve("shared/datasets"), dir.resolve("datasets"));
        assertThat(EvalOptions.collections(new String[]{"--root", root.toString()})).hasSize(2);
        Files.createDirectories(root.resolve(EvalOptions.TINY));
        Files.writeString(root.resolve(EvalOptions.TINY).resolve("corpus.jsonl"), "");
        assertThat(EvalOptions.collections(new String[]{"--root", root.toString(), "--short"}))
                .containsExactly(root.resolve(EvalOptions.TINY));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EvalOptions.collections(new String[]{"--data", dir.resolve("datasets/not-a-collection").toString()}))
                .withMessageContaining("no BEIR collection");
    }

    @Test
    void eachCollectionRunsWithItsOwnDataAndTheRestOfTheArguments() {
        String[] argv = {"--data", "a,b", "--short", "--label", "x"};
        EvalOptions opts = EvalOptions.parse(EvalOptions.forCollection(argv, Path.of("/d/nfcorpus")));
        assertThat(opts.data()).isEqualTo(Path.of("/d/nfcorpus"));
        assertThat(opts.prefix()).isEqualTo("bench-eval-nfcorpus");
        assertThat(opts.shortForm()).isTrue();
        assertThat(opts.label()).isEqualTo("x");
        assertThat(opts.trainFusion()).isFalse();
        assertThat(opts.reuseIndex()).isFalse();
    }

    @Test
    void suiteTablePrintsMeansOverCollectionsAndEachFusionsMarginToTheBetterRetriever() {
        Map<String, Map<String, List<QueryScores>>> suite = new LinkedHashMap<>();
        suite.put("one", modes(0.30, 0.40, 0.42));
        suite.put("two", modes(0.80, 0.60, 0.70));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Report.printSuite(new PrintStream(printed, true, StandardCharsets.UTF_8), suite);

        String table = printed.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| mode | one | two | mean |")
                .contains("| product-bm25 | 0.3000 / 0.5000 | 0.8000 / 0.5000 | 0.5500 / 0.5000 |")
                .contains("| product-hybrid | +0.0200 | -0.1000 | -0.1000 |");
    }

    /** One query per mode: nDCG@10 as given, Recall@100 0.5. */
    private static Map<String, List<QueryScores>> modes(double bm25, double knn, double hybrid) {
        Map<String, List<QueryScores>> out = new LinkedHashMap<>();
        out.put("product-bm25", List.of(new QueryScores("q", bm25, 0.5, 0.5, 1, 1, 10)));
        out.put("product-vector", List.of(new QueryScores("q", knn, 0.5, 0.5, 1, 1, 10)));
        out.put("product-hybrid", List.of(new QueryScores("q", hybrid, 0.5, 0.5, 1, 1, 10)));
        return out;
    }
}
