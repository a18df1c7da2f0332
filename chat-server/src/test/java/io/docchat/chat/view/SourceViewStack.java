package io.docchat.chat.view;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.ChatServerApplication;
import io.docchat.chat.security.Tokens;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.Permissions;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.testing.TestServices;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A chat server of its own for the source view, relevance floor and source view browser tests (one per JVM): real Elasticsearch (the corpus below,
 * under a unique prefix, indexed with permissions), PostgreSQL, Redis and embedding model, HS256 bearer tokens
 * with a groups claim, and no LLM at all, so every answer is extractive. Sources without a URL link to the view
 * page; one source is published and links out.
 */
final class SourceViewStack implements AutoCloseable {

    static final String ENG = "engineering";
    static final String PUBLISHED = "https://docs.example.test/published.md";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** {docId, chunkNo, headingPath, text, readers ("" public), url ("" none), line}. */
    static final List<String[]> CHUNKS = List.of(
            new String[]{"guide:guide.md", "0", "Guide > Install", "Download the archive and unpack it. The installer needs Java 21.", "", "", "3"},
            new String[]{"guide:guide.md", "1", "Guide > Install", "Start the server:\n\n```bash\nbin/server --port 8080\n```\n\nIt listens on port 8080 by default.", "", "", "7"},
            new String[]{"guide:guide.md", "2", "Guide > Configure", "Settings come from the environment. Every setting has a local default.", "", "", "15"},
            new String[]{"guide:guide.md", "3", "Guide > Configure > Timeouts", "Request timeouts default to 30 seconds; the heron gateway waits 9 seconds for the upstream.", "", "", "21"},
            new String[]{"guide:guide.md", "4", "Guide > Configure > Timeouts", "| setting | default |\n| --- | --- |\n| `HERON_TIMEOUT` | 9s |\n| `REQUEST_TIMEOUT` | 30s |", "", "", "25"},
            new String[]{"guide:guide.md", "5", "Guide > Upgrade", "Stop the server, replace the archive and start it again.", "", "", "33"},
            new String[]{"runbook:ops.md", "0", "Runbook > Failover", "Promote the standby kestrel node with kestrelctl promote. Code word ENGSECRET41.", ENG, "", "2"},
            new String[]{"mixed:notes.md", "0", "Notes", "The public part of the release notes mentions the pelican dashboard.", "", "", "1"},
            new String[]{"mixed:notes.md", "1", "Notes", "The internal part names the pelican outage cause ENGSECRET42.", ENG, "", "4"},
            new String[]{"mixed:notes.md", "2", "Notes", "The public part ends with the pelican dashboard's new colours.", "", "", "8"},
            new String[]{"web:published.md", "0", "Published > Caching", "The albatross cache keeps answers for one hour.", "", PUBLISHED, "5"},
            new String[]{"readme:README.md", "0", "DocChat > Quick start", "Run everything locally with one command.\n\n```bash\nops/dev/up\ncurl -s 'http://localhost:8080/api/v1/search?q=what+is+docchat'\n```\n\nThen open the chat page.", "", "", "20"},
            new String[]{"readme:README.md", "1", "DocChat > Configuration", "Everything has a local default; production settings come from the environment.\n\n| setting | environment variable | default |\n| --- | --- | --- |\n| Index alias prefix | `DOCCHAT_INDEX` | `docchat-chunks` |\n| Embedder | `DOCCHAT_EMBEDDING_PROVIDER` (`local` or `openai`), `DOCCHAT_EMBEDDING_MODEL` | `local` (BGE-small-en-v1.5, 384 d) |\n| Mode | `DOCCHAT_MODE` | `public` |", "", "", "118"},
            new String[]{"long:manual.md", "0", "Manual > Reference", "Limit number 0 of the reference applies to batch uploads of kind 0. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first.", "", "", "10"},
            new String[]{"long:manual.md", "1", "Manual > Reference", "Limit number 1 of the reference applies to batch uploads of kind 1. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first.", "", "", "16"},
            new String[]{"long:manual.md", "2", "Manual > Reference", "Limit number 2 of the reference applies to batch uploads of kind 2. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first.", "", "", "22"},
            new String[]{"long:manual.md", "3", "Manual > Reference", "Limit number 3 of the reference applies to batch uploads of kind 3. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first.", "", "", "28"},
            new String[]{"long:manual.md", "4", "Manual > Reference", "Limit number 4 of the reference applies to batch uploads of kind 4. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first.", "", "", "34"},
            new String[]{"long:manual.md", "5", "Manual > Reference", "Limit number 5 of the reference applies to batch uploads of kind 5. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first.", "", "", "40"},
            new String[]{"long:manual.md", "6", "Manual > Reference", "The cormorant limit is 77 requests per minute for each API key; a client above it gets 429 with Retry-After. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first.", "", "", "46"},
            new String[]{"long:manual.md", "7", "Manual > Reference", "Limit number 7 of the reference applies to batch uploads of kind 7. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first. The reference lists every limit of the service in the order the gateway applies them, one paragraph each, so that operators can find the one that applies to a request without reading the whole manual first.", "", "", "52"});

    private static SourceViewStack instance;

    private final String prefix = TestServices.uniquePrefix("view");
    private final ElasticProperties elastic = ElasticProperties.local(TestServices.elasticsearch().toString(), prefix);
    private final ConfigurableApplicationContext app;
    private final String base;
    private final int port;

    /** One server per test JVM, for the view, floor and browser tests alike; stopped when the JVM exits. */
    static synchronized SourceViewStack get() {
        if (instance == null) {
            try {
                instance = new SourceViewStack();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    private SourceViewStack() throws IOException {
        index();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("management.server.port", "0");
        props.put("spring.datasource.url", TestServices.jdbcUrl());
        props.put("spring.datasource.username", TestServices.jdbcUser());
        props.put("spring.datasource.password", TestServices.jdbcPassword());
        props.put("spring.data.redis.host", TestServices.redisHost());
        props.put("spring.data.redis.port", String.valueOf(TestServices.redisPort()));
        props.put("docchat.elastic.uris", TestServices.elasticsearch().toString());
        props.put("docchat.elastic.index-prefix", prefix);
        props.put("docchat.llm.base-url", "");
        props.put("docchat.security.jwt.secret", Tokens.SECRET);
        props.put("docchat.security.jwt.issuer", Tokens.ISSUER);
        props.put("docchat.security.anonymous", "true");
        props.put("docchat.security.cookie-secure", "false");
        props.put("docchat.cache.key-prefix", "it:" + prefix + ":cache:");
        props.put("docchat.chat.answer-cache-prefix", "it:" + prefix + ":answers:");
        props.put("docchat.ratelimit.key-prefix", "it:" + prefix + ":ratelimit:");
        props.put("docchat.ratelimit.capacity", "1000000");
        props.put("docchat.ratelimit.anonymous-capacity", "1000000");
        props.put("docchat.analytics.enabled", "false");
        // the shared PostgreSQL runs out of connections when every engineer's test servers keep ten each
        props.put("spring.datasource.hikari.maximum-pool-size", "3");
        props.put("logging.level.io.docchat.chat.search.HybridSearchService", "DEBUG");
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        this.app = new SpringApplicationBuilder(ChatServerApplication.class).run(args);
        this.port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    /** What the server puts in front of view page links when no public URL is configured. */
    String publicBase() {
        return "http://localhost:" + port;
    }

    static String engineer() {
        return Tokens.withGroups("eng-" + UUID.randomUUID(), List.of(ENG));
    }

    record Reply(int status, String contentType, String body, JsonNode json) {
    }

    /** GET with a bearer token, or (null) as an anonymous client. */
    Reply get(String pathOrUrl, String token) {
        URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        b = token != null ? b.header("Authorization", "Bearer " + token) : b.header("X-Client-Id", UUID.randomUUID().toString());
        return send(b.GET().build());
    }

    Reply chat(String question, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/chat?stream=false"))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("question", question).toString()));
        b = token != null ? b.header("Authorization", "Bearer " + token) : b.header("X-Client-Id", UUID.randomUUID().toString());
        return send(b.build());
    }

    private static Reply send(HttpRequest req) {
        try {
            HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            String type = res.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && !res.body().isBlank() ? JSON.readTree(res.body()) : null;
            return new Reply(res.statusCode(), type, res.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void index() throws IOException {
        try (ElasticsearchClient client = ElasticClientFactory.create(elastic)) {
            IndexManager indexes = new IndexManager(client, elastic);
            Embedder embedder = TestServices.embedder();
            String index = indexes.ensureLiveIndex(embedder.spec());
            List<float[]> vectors = embedder.embedPassages(CHUNKS.stream().map(c -> c[2] + "\n\n" + c[3]).toList());
            List<ChunkDocument> docs = new ArrayList<>();
            for (int i = 0; i < CHUNKS.size(); i++) {
                String[] c = CHUNKS.get(i);
                String source = c[0].substring(0, c[0].indexOf(':'));
                String location = c[0].substring(c[0].indexOf(':') + 1);
                String[] headings = c[2].split(" > ");
                docs.add(new ChunkDocument(c[0], Integer.parseInt(c[1]), source, location, c[5].isEmpty() ? null : c[5],
                        headings[headings.length - 1].toLowerCase().replace(' ', '-'), null, Integer.parseInt(c[6]),
                        headings[0], c[2], c[3], "h" + i, null, null, List.of(),
                        Permissions.acl(c[4].isEmpty() ? List.of() : List.of(c[4])), 40, Instant.now(), Instant.now(),
                        vectors.get(i)));
            }
            BulkResponse r = client.bulk(b -> {
                docs.forEach(doc -> b.operations(o -> o.index(x -> x.index(index).id(doc.id()).document(doc))));
                return b.refresh(Refresh.True);
            });
            if (r.errors()) {
                throw new IllegalStateException("bulk indexing the view corpus failed: " + r.items());
            }
        }
    }

    @Override
    public void close() {
        try {
            StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
            var keys = redis.keys("it:" + prefix + ":*");
            if (keys != null && !keys.isEmpty()) {
                redis.delete(keys);
            }
            app.close();
        } finally {
            try (ElasticsearchClient client = ElasticClientFactory.create(elastic)) {
                IndexManager indexes = new IndexManager(client, elastic);
                indexes.versions().forEach(indexes::deleteIndex);
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }
    }
}
