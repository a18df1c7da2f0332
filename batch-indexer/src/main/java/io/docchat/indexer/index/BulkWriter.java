package io.docchat.indexer.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import io.docchat.elastic.ChunkDocument;
import io.docchat.indexer.IndexerProperties;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes chunks and deletes chunk ids with {@code _bulk}, checking every item: an HTTP 200 response can still
 * carry failed items. Transient failures (429, 5xx, rejected execution, I/O) are retried, only the failed
 * items, with exponential backoff up to a limit; permanent failures go to the dead-letter table.
 */
@Component
public class BulkWriter {

    private static final Logger log = LoggerFactory.getLogger(BulkWriter.class);

    private final ElasticsearchClient client;
    private final DeadLetters deadLetters;
    private final IndexerProperties.Bulk settings;
    private final IntervalFunction backoff;
    private final Timer bulkTime;
    private final Counter deadLetterCount;
    private final Counter retries;

    BulkWriter(ElasticsearchClient client, DeadLetters deadLetters, IndexerProperties props, MeterRegistry meters) {
        this.client = client;
        this.deadLetters = deadLetters;
        this.settings = props.bulk();
        this.backoff = IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), settings.backoffMultiplier());
        this.bulkTime = Timer.builder("docchat.indexer.bulk").description("bulk request time").register(meters);
        this.deadLetterCount = Counter.builder("docchat.indexer.dead.letters").register(meters);
        this.retries = Counter.builder("docchat.indexer.bulk.retries").register(meters);
    }

    /** Indexes {@code docs} and deletes {@code deleteIds} in {@code index}; returns the dead-lettered chunk ids. */
    public List<String> write(String index, List<ChunkDocument> docs, List<String> deleteIds, Long jobExecutionId) {
        Map<String, BulkOperation> pending = new HashMap<>();
        Map<String, String> docIdOf = new HashMap<>();
        for (ChunkDocument doc : docs) {
            pending.put(doc.id(), BulkOperation.of(o -> o.index(i -> i.index(index).id(doc.id()).document(doc))));
            docIdOf.put(doc.id(), doc.docId());
        }
        for (String id : deleteIds) {
            pending.put(id, BulkOperation.of(o -> o.delete(d -> d.index(index).id(id))));
        }
        List<String> refused = new ArrayList<>();
        Exception lastError = null;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                if (attempt > settings.maxAttempts()) {
                    throw new TransientIndexingException(pending.size() + " bulk items still failing after "
                            + settings.maxAttempts() + " attempts", lastError);
                }
                retries.increment();
                sleep(backoff.apply(attempt - 1));
            }
            try {
                BulkResponse response = send(index, new ArrayList<>(pending.values()));
                lastError = null;
                for (BulkResponseItem item : response.items()) {
                    if (item.error() == null || isMissingDelete(item)) {
                        pending.remove(item.id());
                    } else if (isTransient(item)) {
                        lastError = new IOException(item.error().type() + ": " + item.error().reason());
                    } else {
                        pending.remove(item.id());
                        refused.add(item.id());
                        deadLetterCount.increment();
                        deadLetters.record(jobExecutionId, item.id(), docIdOf.getOrDefault(item.id(), docIdOfChunk(item.id())),
                                index, item.error().type(), abbreviate(item.error().reason()));
                        log.warn("dead letter: {} refused by {}: {} {}", item.id(), index, item.error().type(), abbreviate(item.error().reason()));
                    }
                }
            } catch (IOException e) {
                lastError = e;
                log.warn("bulk request to {} failed (attempt {}/{}): {}", index, attempt, settings.maxAttempts(), e.toString());
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                if (e.status() != 429 && e.status() < 500) {
                    throw e;
                }
                lastError = e;
            }
        }
        return refused;
    }

    private BulkResponse send(String index, List<BulkOperation> operations) throws IOException {
        try {
            return bulkTime.recordCallable(() -> client.bulk(b -> b.index(index).operations(operations)));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static boolean isMissingDelete(BulkResponseItem item) {
        return item.operationType() == OperationType.Delete && item.status() == 404;
    }

    static boolean isTransient(BulkResponseItem item) {
        String type = item.error() == null ? "" : String.valueOf(item.error().type());
        return item.status() == 429 || item.status() >= 500 || type.equals("es_rejected_execution_exception");
    }

    /** Elasticsearch quotes the offending value in its reason, which can be tens of kilobytes. */
    static String abbreviate(String reason) {
        String r = String.valueOf(reason);
        return r.length() <= 1000 ? r : r.substring(0, 1000) + "…";
    }

    static String docIdOfChunk(String chunkId) {
        int hash = chunkId.lastIndexOf('#');
        return hash < 0 ? chunkId : chunkId.substring(0, hash);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientIndexingException("interrupted while backing off", e);
        }
    }
}
