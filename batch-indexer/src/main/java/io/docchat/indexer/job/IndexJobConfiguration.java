package io.docchat.indexer.job;

import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.indexer.IndexerProperties;
import io.docchat.indexer.embed.CachingEmbedder;
import io.docchat.indexer.index.BulkWriter;
import io.docchat.indexer.gate.QualityGate;
import io.docchat.indexer.index.Manifest;
import io.docchat.indexer.index.SkippedDocuments;
import io.docchat.indexer.parse.Parsers;
import io.docchat.indexer.source.Sources;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job {@code index-docs}: plan (where to write) → index (changed documents, prepared and embedded ahead by
 * {@link PreparingReader}, written chunk by chunk) → prune
 * (removed documents) → publish (refresh, or validate and swap for a full rebuild). Parameters and the plan
 * reach the step-scoped beans by late binding. {@link LiveWrites} raises the live index's revision around an
 * incremental run's writes, for the chat servers' caches.
 */
@Configuration(proxyBeanMethods = false)
class IndexJobConfiguration {

    @Bean
    Job indexDocsJob(JobRepository jobs, Step planStep, Step indexStep, Step pruneStep, Step publishStep, LiveWrites liveWrites) {
        return new JobBuilder(JobKeys.JOB, jobs)
                .listener(liveWrites)
                .start(planStep)
                .next(indexStep)
                .next(pruneStep)
                .next(publishStep)
                .build();
    }

    @Bean
    Step planStep(JobRepository jobs, PlatformTransactionManager tx, PlanTasklet planTasklet) {
        return new StepBuilder("plan", jobs).tasklet(planTasklet, tx).build();
    }

    @Bean
    Step indexStep(JobRepository jobs, PlatformTransactionManager tx, IndexerProperties props,
                   PreparingReader preparingReader, ChunkIndexWriter chunkIndexWriter) {
        return new StepBuilder("index", jobs).<PreparedDocument, PreparedDocument>chunk(props.commitInterval())
                .transactionManager(tx)
                .reader(preparingReader)
                .writer(chunkIndexWriter)
                .listener(chunkIndexWriter)
                .build();
    }

    @Bean
    Step pruneStep(JobRepository jobs, PlatformTransactionManager tx, PruneTasklet pruneTasklet) {
        return new StepBuilder("prune", jobs).tasklet(pruneTasklet, tx).build();
    }

    @Bean
    Step publishStep(JobRepository jobs, PlatformTransactionManager tx, PublishTasklet publishTasklet) {
        return new StepBuilder("publish", jobs).tasklet(publishTasklet, tx).build();
    }

    @Bean
    @StepScope
    PlanTasklet planTasklet(IndexManager indexes, Embedder embedder, Sources sources, Manifest manifest,
                            @Value("#{jobParameters['mode']}") String mode,
                            @Value("#{jobParameters['source'] ?: ''}") String source) {
        return new PlanTasklet(indexes, embedder, sources, manifest, RunMode.parse(mode), source);
    }

    @Bean
    @StepScope
    PreparingReader preparingReader(Manifest manifest, Sources sources, DocumentPreparer preparer, CachingEmbedder embedder,
                                    IndexerProperties props,
                                    @Value("#{jobExecutionContext['target']}") String target,
                                    @Value("#{jobExecutionContext['effectiveMode']}") String mode,
                                    @Value("#{jobParameters['source'] ?: ''}") String source) {
        return new PreparingReader(new ChangedDocumentReader(manifest, sources, sourceFor(mode, source), target),
                preparer, embedder, props.commitInterval());
    }

    @Bean
    DocumentPreparer documentPreparer(Sources sources, Parsers parsers, Embedder embedder, IndexerProperties props,
                                      MeterRegistry meters) {
        return new DocumentPreparer(sources, parsers, embedder, props, meters);
    }

    @Bean
    @StepScope
    ChunkIndexWriter chunkIndexWriter(BulkWriter bulk, Manifest manifest, SkippedDocuments skipped,
                                      RunProgress progress, LiveWrites liveWrites,
                                      @Value("#{jobExecutionContext['target']}") String target) {
        return new ChunkIndexWriter(bulk, manifest, skipped, progress, target, liveWrites);
    }

    @Bean
    @StepScope
    PruneTasklet pruneTasklet(Manifest manifest, Sources sources, BulkWriter bulk, LiveWrites liveWrites,
                              @Value("#{jobExecutionContext['target']}") String target,
                              @Value("#{jobExecutionContext['effectiveMode']}") String mode,
                              @Value("#{jobParameters['source'] ?: ''}") String source) {
        return new PruneTasklet(manifest, sources, bulk, liveWrites, target, sourceFor(mode, source));
    }

    @Bean
    @StepScope
    PublishTasklet publishTasklet(IndexManager indexes, Manifest manifest, Embedder embedder, LiveWrites liveWrites,
                                  QualityGate gate,
                                  @Value("#{jobExecutionContext['target']}") String target,
                                  @Value("#{jobExecutionContext['effectiveMode']}") String mode,
                                  @Value("#{jobParameters['force'] ?: 'false'}") String force) {
        return new PublishTasklet(indexes, manifest, embedder, liveWrites, target, RunMode.parse(mode), gate,
                Boolean.parseBoolean(force));
    }

    /** A full rebuild covers every source, whatever source the request named. */
    private static String sourceFor(String mode, String source) {
        return RunMode.parse(mode) == RunMode.FULL ? "" : source;
    }
}
