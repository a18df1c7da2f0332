package io.docchat.chat.web;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.testing.TestServices;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A second corpus: two sources, more documents than one page of results. Own index prefix, deleted after. */
final class PageCorpus implements AutoCloseable {

    static final String GUIDES = "guides";
    static final String REFERENCE = "reference";
    /** {source, id, title, text} */
    static final List<String[]> DOCS = List.of(
            new String[]{GUIDES, "keys", "Rotating signing keys", "To rotate the signing keys run docchat keys rotate; the configuration keeps the old key valid for 24 hours."},
            new String[]{GUIDES, "backup", "Backups", "Snapshots are copied to an S3 bucket every night. The backup settings name the bucket."},
            new String[]{GUIDES, "install", "Installing", "Download the archive and run bin/server; configuration settings live in server.yml."},
            new String[]{GUIDES, "scale", "Scaling out", "Add nodes to spread shards; replica settings make searches survive a lost node."},
            new String[]{GUIDES, "upgrade", "Upgrading", "Stop one node at a time; settings and configuration files carry over between versions."},
            new String[]{GUIDES, "monitor", "Monitoring", "Prometheus scrapes the metrics port; alert settings are in the configuration folder."},
            new String[]{GUIDES, "tls", "Turning on TLS", "Put the certificate paths in the TLS settings of the configuration and restart."},
            new String[]{REFERENCE, "port", "server.port", "The port the server listens on; a configuration setting, 8080 by default."},
            new String[]{REFERENCE, "timeout", "server.timeout", "How long a request may take; configuration setting, 30 seconds by default."},
            new String[]{REFERENCE, "cache-size", "cache.size", "Heap for the result cache; a configuration setting in megabytes."},
            new String[]{REFERENCE, "log-level", "log.level", "The logging level setting: debug, info, warn or error, in the configuration."},
            new String[]{REFERENCE, "data-dir", "data.dir", "Where the data lives on disk; configuration setting, ./data by default."},
            new String[]{REFERENCE, "bucket", "backup.bucket", "The S3 bucket for snapshots; a configuration setting without default."},
            new String[]{REFERENCE, "threads", "server.threads", "Worker threads of the server; the configuration setting defaults to the core count."});

    private final String prefix;

    private PageCorpus(String prefix) {
        this.prefix = prefix;
    }

    static int count(String source) {
        return (int) DOCS.stream().filter(d -> d[0].equals(source)).count();
    }

    static PageCorpus index() throws IOException {
        PageCorpus corpus = new PageCorpus(TestServices.uniquePrefix("page"));
        ElasticProperties props = ElasticProperties.local(TestServices.elasticsearch().toString(), corpus.prefix);
        try (ElasticsearchClient client = ElasticClientFactory.create(props)) {
            IndexManager indexes = new IndexManager(client, props);
            Embedder embedder = TestServices.embedder();
            String index = indexes.ensureLiveIndex(embedder.spec());
            List<float[]> vectors = embedder.embedPassages(DOCS.stream().map(d -> d[3]).toList());
            List<ChunkDocument> docs = new ArrayList<>();
            for (int i = 0; i < DOCS.size(); i++) {
                String[] d = DOCS.get(i);
                docs.add(new ChunkDocument(d[1], 0, d[0], d[1] + ".md", "https://docs.example.test/" + d[0] + "/" + d[1],
                        null, null, 1, d[2], d[2], d[3], "p" + i, "docchat", "1.0", List.of(), 30, Instant.now(),
                        Instant.now(), vectors.get(i)));
            }
            BulkResponse r = client.bulk(b -> {
                docs.forEach(doc -> b.operations(o -> o.index(x -> x.index(index).id(doc.id()).document(doc))));
                return b.refresh(Refresh.True);
            });
            if (r.errors()) {
                throw new IllegalStateException("bulk indexing the page corpus failed: " + r.items());
            }
        }
        return corpus;
    }

    /** The settings of a chat server on this corpus, with its own rate-limit buckets. */
    Map<String, String> serverSettings(Map<String, String> more) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("docchat.elastic.index-prefix", prefix);
        settings.put("docchat.ratelimit.key-prefix", "it:" + prefix + ":" + UUID.randomUUID() + ":ratelimit:");
        settings.putAll(more);
        return settings;
    }

    @Override
    public void close() {
        ElasticProperties props = ElasticProperties.local(TestServices.elasticsearch().toString(), prefix);
        try (ElasticsearchClient client = ElasticClientFactory.create(props)) {
            IndexManager indexes = new IndexManager(client, props);
            indexes.versions().forEach(indexes::deleteIndex);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }
}
