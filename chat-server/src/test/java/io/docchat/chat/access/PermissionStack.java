package io.docchat.chat.access;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docchat.chat.ChatServerApplication;
import io.docchat.chat.security.Tokens;
import io.docchat.chat.testing.FakeOpenAi;
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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat server of its own for the permission tests: real Elasticsearch (the {@link PermissionCorpus} under a
 * unique prefix, built through {@link IndexManager} so it records permissions), PostgreSQL, Redis and
 * embedding model, HS256 bearer tokens with a {@code groups} claim, the semantic answer cache on; only the LLM
 * is faked over HTTP. Its fake answers repeat the code words of the sources in their prompt, so an answer
 * shows which chunks it was written from.
 */
final class PermissionStack implements AutoCloseable {

    static final Pattern CODE = Pattern.compile("(ENG|SALES|PUB)CODE\\d\\d");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final FakeOpenAi llm = new FakeOpenAi();
    private final String prefix = TestServices.uniquePrefix("perm");
    private final ElasticProperties elastic = ElasticProperties.local(TestServices.elasticsearch().toString(), prefix);
    private final ConfigurableApplicationContext app;
    private final String base;

    PermissionStack() throws IOException {
        this(Map.of());
    }

    /** With some settings changed (private mode with a sign-in provider, for instance). */
    PermissionStack(Map<String, String> overrides) throws IOException {
        index();
        echoCodes();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("spring.datasource.url", TestServices.jdbcUrl());
        props.put("spring.datasource.username", TestServices.jdbcUser());
        props.put("spring.datasource.password", TestServices.jdbcPassword());
        props.put("spring.data.redis.host", TestServices.redisHost());
        props.put("spring.data.redis.port", String.valueOf(TestServices.redisPort()));
        props.put("docchat.elastic.uris", TestServices.elasticsearch().toString());
        props.put("docchat.elastic.index-prefix", prefix);
        props.put("docchat.llm.base-url", llm.baseUrl());
        props.put("docchat.llm.models[0].name", "fake-small");
        props.put("docchat.llm.models[0].tier", "ECONOMY");
        props.put("docchat.llm.models[0].input-price-per-million", "0.10");
        props.put("docchat.llm.models[0].output-price-per-million", "0.40");
        props.put("docchat.llm.models[0].context-window", "128000");
        props.put("docchat.security.jwt.secret", Tokens.SECRET);
        props.put("docchat.security.jwt.issuer", Tokens.ISSUER);
        props.put("docchat.security.anonymous", "true");
        props.put("docchat.cache.key-prefix", "it:" + prefix + ":cache:");
        props.put("docchat.chat.answer-cache-prefix", "it:" + prefix + ":answers:");
        props.put("docchat.chat.semantic-cache-threshold", "0.9");
        props.put("docchat.ratelimit.key-prefix", "it:" + prefix + ":ratelimit:");
        props.put("docchat.ratelimit.capacity", "1000000");
        props.put("docchat.ratelimit.anonymous-capacity", "1000000");
        props.put("docchat.cost.daily-budget-usd", "100000");
        props.put("docchat.cost.user-daily-budget-usd", "100000");
        props.putAll(overrides);
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        this.app = new SpringApplicationBuilder(ChatServerApplication.class).run(args);
        this.base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    FakeOpenAi llm() {
        return llm;
    }

    /** Every later answer repeats the code words its prompt's sources carry, and cites source 1. */
    void echoCodes() {
        llm.reset();
        llm.respondWith(r -> {
            Matcher m = CODE.matcher(FakeOpenAi.lastUserMessage(r));
            List<String> codes = new ArrayList<>();
            while (m.find()) {
                codes.add(m.group());
            }
            return FakeOpenAi.answer("From the sources: " + String.join(" ", codes) + " [1].");
        });
    }

    /** Who calls: a bearer token, an anonymous client id, or a signed-in session (its cookie and CSRF header). */
    record Caller(String token, String clientId, Map<String, String> headers) {

        static Caller token(String token) {
            return new Caller(token, null, Map.of());
        }

        static Caller anonymous() {
            return new Caller(null, UUID.randomUUID().toString(), Map.of());
        }

        /** A session, with the CSRF token as header and as its double-submit cookie ({@code XSRF-TOKEN}). */
        static Caller session(String cookie, String csrfHeader, String csrfToken) {
            return new Caller(null, null, Map.of("Cookie", "DOCCHAT_SESSION=" + cookie + "; XSRF-TOKEN=" + csrfToken,
                    csrfHeader, csrfToken));
        }
    }

    /** The base URL of this stack's server. */
    String baseUrl() {
        return base;
    }

    record Reply(int status, String body, JsonNode json) {
    }

    Reply search(Caller who, String q) {
        return send(request(who, "/api/v1/search?k=10&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).GET().build());
    }

    Reply chatJson(Caller who, String question, UUID conversation) {
        return send(request(who, "/api/v1/chat?stream=false").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(question, conversation))).build());
    }

    /** The raw SSE body (every event), and the {@code done} event's data. */
    Reply chatSse(Caller who, String question) {
        HttpRequest req = request(who, "/api/v1/chat").header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(question, null))).build();
        try {
            HttpResponse<InputStream> res = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
            StringBuilder all = new StringBuilder();
            JsonNode done = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                String event = "";
                for (String line; (line = r.readLine()) != null; ) {
                    all.append(line).append('\n');
                    if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:") && event.equals("done")) {
                        done = JSON.readTree(line.substring(5).strip());
                    }
                }
            }
            return new Reply(res.statusCode(), all.toString(), done);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply session(Caller who) {
        return send(request(who, "/api/v1/session").GET().build());
    }

    Reply conversation(Caller who, String id) {
        return send(request(who, "/api/v1/conversations/" + id).GET().build());
    }

    private static String chatBody(String question, UUID conversation) {
        ObjectNode body = JSON.createObjectNode().put("question", question);
        if (conversation != null) {
            body.put("conversationId", conversation.toString());
        }
        return body.toString();
    }

    private HttpRequest.Builder request(Caller who, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (!who.headers().isEmpty()) {
            who.headers().forEach(b::header);
            return b;
        }
        return who.token() != null ? b.header("Authorization", "Bearer " + who.token()) : b.header("X-Client-Id", who.clientId());
    }

    private static Reply send(HttpRequest req) {
        try {
            HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            JsonNode json = res.body() == null || res.body().isBlank() ? null : JSON.readTree(res.body());
            return new Reply(res.statusCode(), res.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Drops the cached search results and answers (Redis and in-process L1 are per key; new keys are enough). */
    StringRedisTemplate redis() {
        return app.getBean(StringRedisTemplate.class);
    }

    private void index() throws IOException {
        try (ElasticsearchClient client = ElasticClientFactory.create(elastic)) {
            IndexManager indexes = new IndexManager(client, elastic);
            Embedder embedder = TestServices.embedder();
            String index = indexes.ensureLiveIndex(embedder.spec());
            if (!indexes.hasPermissions(index)) {
                throw new IllegalStateException("a new index must record " + Permissions.META_KEY);
            }
            List<PermissionCorpus.Doc> docs = PermissionCorpus.all();
            List<float[]> vectors = embedder.embedPassages(docs.stream().map(d -> d.title() + "\n" + d.text()).toList());
            List<ChunkDocument> chunks = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                PermissionCorpus.Doc d = docs.get(i);
                String docId = d.source() + ":" + d.id() + ".md";
                chunks.add(new ChunkDocument(docId, 0, d.source(), d.id() + ".md", "https://docs.example.test/" + d.id(),
                        null, null, 1, d.title(), d.title(), d.text(), "h" + i, null, null, List.of(),
                        Permissions.acl(d.groups()), 40, Instant.now(), Instant.now(), vectors.get(i)));
            }
            BulkResponse r = client.bulk(b -> {
                chunks.forEach(doc -> b.operations(o -> o.index(x -> x.index(index).id(doc.id()).document(doc))));
                return b.refresh(Refresh.True);
            });
            if (r.errors()) {
                throw new IllegalStateException("bulk indexing the permission corpus failed: " + r.items());
            }
        }
    }

    @Override
    public void close() {
        try {
            var keys = redis().keys("it:" + prefix + ":*");
            if (keys != null && !keys.isEmpty()) {
                redis().delete(keys);
            }
            app.close();
        } finally {
            llm.close();
            try (ElasticsearchClient client = ElasticClientFactory.create(elastic)) {
                IndexManager indexes = new IndexManager(client, elastic);
                indexes.versions().forEach(indexes::deleteIndex);
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }
    }
}
