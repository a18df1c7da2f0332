package io.docchat.indexer.job;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.indexer.gate.GateFailedException;
import io.docchat.indexer.gate.GateReport;
import io.docchat.indexer.gate.QualityGate;
import io.docchat.indexer.index.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.io.IOException;

/**
 * Makes the run visible. Incremental: a refresh, then a new revision if the live index was written
 * ({@link LiveWrites}). Full: the new version is validated (its chunk count equals
 * the manifest's, a kNN smoke query answers) and must pass the {@link QualityGate} (its canaries found at least
 * as often as on the live index) before both aliases swap to it atomically; a failed validation or gate fails the
 * run and leaves the live index untouched. {@code force} publishes a candidate the gate refused (the gate still
 * runs, and its figures are kept with the run, {@link JobKeys#GATE}).
 */
class PublishTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(PublishTasklet.class);

    private final IndexManager indexes;
    private final Manifest manifest;
    private final Embedder embedder;
    private final LiveWrites liveWrites;
    private final String target;
    private final RunMode mode;
    private final QualityGate gate;
    private final boolean force;

    PublishTasklet(IndexManager indexes, Manifest manifest, Embedder embedder, LiveWrites liveWrites, String target, RunMode mode,
                   QualityGate gate, boolean force) {
        this.gate = gate;
        this.force = force;
        this.indexes = indexes;
        this.manifest = manifest;
        this.embedder = embedder;
        this.liveWrites = liveWrites;
        this.target = target;
        this.mode = mode;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var job = chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext();
        if (job.containsKey(JobKeys.REFRESH_INTERVAL)) {
            BuildSettings.restoreRefresh(indexes.client(), target, job.getString(JobKeys.REFRESH_INTERVAL));
        }
        indexes.refresh(target);
        if (mode == RunMode.INCREMENTAL) {
            // if this run (or an earlier one that was killed) wrote into the live index, a new revision tells the
            // chat servers' caches, which key results and answers by index and revision, to stop serving what
            // they cached while the writes were under way
            liveWrites.end(job, "published");
            return RepeatStatus.FINISHED;
        }
        long expected = manifest.expectedChunks(target);
        long actual = indexes.count(target);
        if (actual != expected) {
            throw new IllegalStateException("validation failed: " + target + " holds " + actual + " chunks, the manifest expects " + expected);
        }
        if (expected > 0 && smokeHits() == 0) {
            throw new IllegalStateException("validation failed: a kNN smoke query on " + target + " found nothing");
        }
        GateReport report = gate.check(indexes.readIndex(), target);
        if (!report.passed()) {
            if (!force && !gate.properties().force()) {
                job.putString(JobKeys.GATE, gate.toJson(report));
                gate.count(report);
                GateFailedException refused = new GateFailedException(report);
                log.warn("{}; figures: {}", refused.getMessage(), report.sources());
                throw refused;
            }
            report = report.withOutcome("forced");
            log.warn("quality gate failed but publication is forced: {}; figures: {}", report.reason(), report.sources());
        }
        job.putString(JobKeys.GATE, gate.toJson(report));
        gate.count(report);
        gate.record(target, report);
        log.info("quality gate {} for {} ({} baseline, {} s, {} ms per canary): {}", report.outcome(), target,
                report.baseline(), report.seconds(), report.msPerCanary(), report.sources());
        indexes.swapTo(target);
        int forgotten = manifest.forgetIndexesExcept(indexes.names().prefix() + "-v%", indexes.versions());
        log.info("published {} ({} chunks); forgot the manifests of {} pruned versions", target, actual, forgotten);
        return RepeatStatus.FINISHED;
    }

    private long smokeHits() throws IOException {
        ElasticsearchClient client = indexes.client();
        float[] vector = embedder.embedQuery("documentation");
        java.util.List<Float> query = new java.util.ArrayList<>(vector.length);
        for (float f : vector) {
            query.add(f);
        }
        return client.search(s -> s.index(target).size(1)
                .knn(k -> k.field("embedding").queryVector(query).k(1).numCandidates(10)), Void.class).hits().hits().size();
    }
}
