package io.docchat.bench.eval;

import io.docchat.bench.metrics.Ranked;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a TREC run file ({@code qid Q0 docno rank score tag}), so any figure can be checked with trec_eval. */
final class RunWriter implements AutoCloseable {

    private final BufferedWriter out;
    private final String tag;

    RunWriter(Path file, String tag) throws IOException {
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.tag = tag;
    }

    void write(String queryId, List<Ranked> ranked) throws IOException {
        for (int i = 0; i < ranked.size(); i++) {
            Ranked r = ranked.get(i);
            out.write(String.format(Locale.ROOT, "%s Q0 %s %d %.6f %s%n", queryId, r.docId(), i + 1, r.score(), tag));
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
