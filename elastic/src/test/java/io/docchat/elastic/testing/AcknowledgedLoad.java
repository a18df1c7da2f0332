package io.docchat.elastic.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.docchat.elastic.ChunkDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bulk load for crash tests: one thread indexes batches of 50 small chunks into an alias and remembers every
 * chunk Elasticsearch acknowledged (the item succeeded in a bulk response), so a test can kill a node mid-load
 * and then look for each acknowledged chunk. A request that fails is not acknowledged (a loader would retry it).
 */
public final class AcknowledgedLoad implements AutoCloseable {

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failedRequests = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final ElasticsearchClient client;
    private final Thread writer;

    /** Starts loading into {@code alias}; {@code stopOnFailure}: the first failed request ends the load. */
    public AcknowledgedLoad(ElasticsearchClient client, String alias, String idPrefix, boolean stopOnFailure) {
        this.client = client;
        this.writer = Thread.ofPlatform().start(() -> {
            for (int b = 0; writing.get(); b++) {
                int batch = b;
                try {
                    BulkResponse r = client.bulk(req -> {
                        for (int i = 0; i < 50; i++) {
                            String docId = idPrefix + batch + "-" + i;
                            req.operations(op -> op.index(ix -> ix.index(alias)
                                    .id(ChunkDocument.chunkId(docId, 0)).document(chunk(docId))));
                        }
                        return req;
                    });
                    for (BulkResponseItem item : r.items()) {
                        if (item.error() == null && item.status() < 300) {
                            acknowledged.add(item.id());
                        }
                    }
                } catch (Exception e) {
                    failedRequests.incrementAndGet();
                    if (stopOnFailure) {
                        writing.set(false);
                    }
                }
            }
        });
    }

    public int acknowledged() {
        return acknowledged.size();
    }

    public int failedRequests() {
        return failedRequests.get();
    }

    /** Stops the load and waits for the request in flight. */
    @Override
    public void close() throws InterruptedException {
        writing.set(false);
        writer.join(60_000);
    }

    /** The acknowledged chunks that {@code index} does not hold (call after {@link #close} and a refresh). */
    public Set<String> missingFrom(String index) throws IOException {
        Set<String> missing = new HashSet<>(acknowledged);
        List<String> ids = new ArrayList<>(acknowledged);
        for (int from = 0; from < ids.size(); from += 1_000) {
            List<String> page = ids.subList(from, Math.min(ids.size(), from + 1_000));
            client.mget(m -> m.index(index).ids(page).sourceExcludes("*"), Map.class).docs().forEach(d -> {
                if (d.result().found()) {
                    missing.remove(d.result().id());
                }
            });
        }
        return missing;
    }

    private static Map<String, Object> chunk(String docId) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("doc_id", docId);
        doc.put("chunk_no", 0);
        doc.put("source", "crash-test");
        doc.put("location", docId + ".md");
        doc.put("title", "Crash test " + docId);
        doc.put("text", "An acknowledged chunk must survive a crash of a node: " + docId);
        doc.put("content_hash", Integer.toHexString(docId.hashCode()));
        doc.put("embedding", List.of(0.5f, 0.5f, 0.5f, 0.5f));
        return doc;
    }
}
