package io.docchat.indexer.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live progress of the run in this process, for the admin API, the log and Micrometer. Chunk totals are
 * estimated from the chunks per document seen so far, since a document's chunk count is known only once parsed.
 */
@Component
public class RunProgress {

    private static final Logger log = LoggerFactory.getLogger(RunProgress.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private final AtomicLong docsTotal = new AtomicLong();
    private final AtomicLong docsDone = new AtomicLong();
    private final AtomicLong chunksDone = new AtomicLong();
    private final Counter documents;
    private final Counter skippedDocs;
    private final Counter chunks;
    private final Counter deadLetters;
    private volatile Instant startedAt;
    private volatile Instant lastLog = Instant.EPOCH;

    RunProgress(MeterRegistry meters) {
        this.documents = Counter.builder("docchat.indexer.documents").tag("outcome", "indexed").register(meters);
        this.skippedDocs = Counter.builder("docchat.indexer.documents").tag("outcome", "skipped").register(meters);
        this.chunks = Counter.builder("docchat.indexer.chunks").register(meters);
        this.deadLetters = Counter.builder("docchat.indexer.chunks.refused").register(meters);
        Gauge.builder("docchat.indexer.run.documents.remaining", () -> Math.max(0, docsTotal.get() - docsDone.get())).register(meters);
    }

    void start(long totalDocuments) {
        startedAt = Instant.now();
        docsTotal.set(totalDocuments);
        docsDone.set(0);
        chunksDone.set(0);
    }

    void documentsDone(int docs, int newChunks, int skips, int refused) {
        docsDone.addAndGet(docs);
        chunksDone.addAndGet(newChunks);
        documents.increment(docs - skips);
        skippedDocs.increment(skips);
        chunks.increment(newChunks);
        deadLetters.increment(refused);
        if (Duration.between(lastLog, Instant.now()).compareTo(LOG_EVERY) >= 0) {
            lastLog = Instant.now();
            Snapshot s = snapshot();
            log.info("progress: {}/{} documents, {} chunks (~{} total), {} chunks/s, ETA {}s",
                    s.documentsDone(), s.documentsTotal(), s.chunksDone(), s.chunksTotalEstimate(),
                    String.format("%.1f", s.chunksPerSecond()), s.etaSeconds());
        }
    }

    public Snapshot snapshot() {
        long total = docsTotal.get();
        long done = docsDone.get();
        long chunkCount = chunksDone.get();
        double seconds = startedAt == null ? 0 : Math.max(0.001, Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
        double docRate = seconds == 0 ? 0 : done / seconds;
        long chunkEstimate = done == 0 ? 0 : Math.round((double) chunkCount / done * total);
        Long eta = docRate == 0 ? null : Math.round((total - done) / docRate);
        return new Snapshot(total, done, chunkEstimate, chunkCount, docRate, seconds == 0 ? 0 : chunkCount / seconds, eta);
    }

    /** Documents and chunks done and total, rates per second and the estimated seconds left. */
    public record Snapshot(long documentsTotal, long documentsDone, long chunksTotalEstimate, long chunksDone,
                           double documentsPerSecond, double chunksPerSecond, Long etaSeconds) {
    }
}
