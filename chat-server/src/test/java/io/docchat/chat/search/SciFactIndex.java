package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SciFact in the chunk index contract (one chunk per abstract, vector of title + text as BEIR does), built
 * once under its own alias and reused: embedding 5,183 abstracts costs minutes of both cores.
 */
final class SciFactIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SciFactIndex() {
    }

    static String ensure(IndexManager indexes, Embedder embedder, Path corpus) throws IOException {
        var live = indexes.readIndex();
        if (live.isPresent() && indexes.count(live.get()) > 5000) {
            indexes.verifySpec(live.get(), embedder.spec());
            return live.get();
        }
        String index = indexes.createNextVersion(embedder.spec());
        ElasticsearchClient client = indexes.client();
        List<JsonNode> docs = new ArrayList<>();
        for (String line : Files.readAllLines(corpus)) {
            if (!line.isBlank()) {
                docs.add(JSON.readTree(line));
            }
        }
        long start = System.nanoTime();
        Instant now = Instant.now();
        for (int from = 0; from < docs.size(); from += 64) {
            List<JsonNode> batch = docs.subList(from, Math.min(docs.size(), from + 64));
            List<float[]> vectors = embedder.embedPassages(batch.stream()
                    .map(d -> (d.path("title").asText() + " " + d.path("text").asText()).strip()).toList());
            List<BulkOperation> ops = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                JsonNode d = batch.get(i);
                String id = d.path("_id").asText();
                ChunkDocument chunk = new ChunkDocument(id, 0, "scifact", "scifact/" + id, null, null, null, null,
                        d.path("title").asText(), null, d.path("text").asText(), null, null, null, List.of(), null,
                        now, now, vectors.get(i));
                ops.add(BulkOperation.of(b -> b.index(x -> x.index(index).id(chunk.id()).document(chunk))));
            }
            BulkResponse response = client.bulk(b -> b.operations(ops));
            if (response.errors()) {
                throw new IllegalStateException("bulk failed at batch " + from);
            }
            if (from % 640 == 0) {
                System.out.printf("indexed %d/%d (%.0f s)%n", from + batch.size(), docs.size(), (System.nanoTime() - start) / 1e9);
            }
        }
        indexes.refresh(index);
        // read-only from here on: one segment means one HNSW graph to search, as a settled index has
        client.indices().forcemerge(f -> f.index(index).maxNumSegments(1L));
        indexes.swapTo(index);
        return index;
    }
}
