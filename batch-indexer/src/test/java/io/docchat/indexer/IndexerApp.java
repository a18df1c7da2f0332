package io.docchat.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.embed.ForwardingEmbedder;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.chunk.Chunker;
import io.docchat.indexer.job.IndexRunner;
import io.docchat.indexer.job.RunMode;
import io.docchat.indexer.job.RunRequest;
import io.docchat.indexer.parse.Parsers;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The real indexer app for integration tests: test database, a fresh index family, the shared BGE model. */
public final class IndexerApp implements AutoCloseable {

    public final String prefix;
    public final ConfigurableApplicationContext context;

    private IndexerApp(String prefix, ConfigurableApplicationContext context) {
        this.prefix = prefix;
        this.context = context;
    }

    public static Map<String, String> baseProperties(String prefix, Path docs) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", TestServices.jdbcUrl());
        p.put("spring.datasource.username", TestServices.jdbcUser());
        p.put("spring.datasource.password", TestServices.jdbcPassword());
        p.put("spring.data.redis.host", TestServices.redisHost());
        p.put("spring.data.redis.port", String.valueOf(TestServices.redisPort()));
        p.put("docchat.elastic.uris", TestServices.elasticsearch().toString());
        p.put("docchat.elastic.index-prefix", prefix);
        p.put("spring.quartz.auto-startup", "false");
        p.put("spring.quartz.scheduler-name", prefix);
        p.put("server.port", "0");
        p.put("management.server.port", "0"); // the fixed 9081 would collide between runs
        p.put("docchat.indexer.sources[0].name", "docs");
        p.put("docchat.indexer.sources[0].path", docs.toString());
        p.put("docchat.indexer.commit-interval", "4");
        return p;
    }

    public static IndexerApp start(String prefix, Map<String, String> properties) {
        return start(prefix, properties, TestServices.embedder().spec().modelId());
    }

    /** With {@code modelId} other than the real one, the app believes it runs another embedding model. */
    public static IndexerApp start(String prefix, Map<String, String> properties, String modelId) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        Embedder shared = TestServices.embedder();
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BatchIndexerApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("embedder", new SharedEmbedder(shared, modelId)))
                .run(args);
        return new IndexerApp(prefix, ctx);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public JobExecution run(RunMode mode) {
        return bean(IndexRunner.class).run(RunRequest.now(mode, "test"));
    }

    public JdbcTemplate jdbc() {
        return bean(JdbcTemplate.class);
    }

    public ElasticsearchClient es() {
        return bean(ElasticsearchClient.class);
    }

    public String liveIndex() {
        return bean(IndexManager.class).readIndex().orElseThrow();
    }

    /** Every chunk behind the read alias: id → content hash. */
    public Map<String, String> indexedChunks() throws IOException {
        es().indices().refresh(r -> r.index(prefix));
        SearchResponse<ObjectNode> r = es().search(s -> s.index(prefix).size(1000)
                .source(src -> src.filter(f -> f.includes("content_hash"))), ObjectNode.class);
        Map<String, String> out = new TreeMap<>();
        r.hits().hits().forEach(h -> out.put(h.id(), h.source().get("content_hash").asText()));
        return out;
    }

    /** What the index must hold for {@code folder}, computed file by file with the same parser and chunker. */
    public Map<String, String> expectedChunks(Path folder, String source) throws Exception {
        IndexerProperties props = bean(IndexerProperties.class);
        Chunker chunker = new Chunker(TestServices.embedder()::countTokens, props.chunking().maxTokens(), props.chunking().overlapTokens());
        Parsers parsers = bean(Parsers.class);
        Map<String, String> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String location = folder.relativize(file).toString().replace('\\', '/');
            byte[] bytes = Files.readAllBytes(file);
            int chunks;
            try {
                chunks = chunker.chunk(parsers.parse(location, bytes)).size();
            } catch (Exception unusable) {
                continue;
            }
            String hash = io.docchat.indexer.source.ContentHash.of(bytes);
            for (int n = 0; n < chunks; n++) {
                out.put(source + ":" + location + "#" + n, hash);
            }
        }
        return out;
    }

    @Override
    public void close() {
        IndexManager indexes = bean(IndexManager.class);
        List<String> versions = new ArrayList<>(indexes.versions());
        jdbc().update("DELETE FROM indexer.manifest WHERE index_name LIKE ?", prefix + "-v%");
        versions.forEach(indexes::deleteIndex);
        context.close();
    }

    /** The shared model, without letting one app's shutdown close it for the next test. */
    private record SharedEmbedder(Embedder delegate, String modelId) implements ForwardingEmbedder {
        @Override
        public io.docchat.elastic.EmbeddingSpec spec() {
            var real = delegate.spec();
            return new io.docchat.elastic.EmbeddingSpec(modelId, real.dimensions(), real.similarity());
        }
    }
}
