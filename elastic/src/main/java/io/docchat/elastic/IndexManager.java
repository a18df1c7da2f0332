package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates versioned chunk indexes from the JSON contract and moves the read and write aliases between them
 * atomically. Old versions are kept for rollback up to {@link ElasticProperties#keepVersions()}.
 */
public class IndexManager {

    private static final Logger log = LoggerFactory.getLogger(IndexManager.class);

    private final ElasticsearchClient client;
    private final ChunkIndex names;
    private final ElasticProperties props;
    private final ObjectMapper json = ElasticClientFactory.objectMapper();
    private volatile String analyzer;

    public IndexManager(ElasticsearchClient client, ElasticProperties props) {
        this.client = client;
        this.props = props;
        this.names = props.chunkIndex();
    }

    public ChunkIndex names() {
        return names;
    }

    public ElasticsearchClient client() {
        return client;
    }

    /** The concrete index behind the read alias: the "index generation" that result caches are keyed by. */
    public Optional<String> readIndex() {
        return aliasTarget(names.readAlias());
    }

    public Optional<String> writeIndex() {
        return aliasTarget(names.writeAlias());
    }

    /**
     * Makes sure a live index exists (creating version 1 with both aliases when none does) and that it was
     * built with {@code spec}. Returns the live concrete index.
     */
    public String ensureLiveIndex(EmbeddingSpec spec) {
        Optional<String> live = readIndex();
        if (live.isPresent()) {
            verifySpec(live.get(), spec);
            return live.get();
        }
        String index = createNextVersion(spec);
        swapTo(index);
        return index;
    }

    /** Throws {@link EmbeddingSpecMismatchException} when {@code index} was built with another model. */
    public void verifySpec(String index, EmbeddingSpec expected) {
        EmbeddingSpec actual = specOf(index);
        if (!actual.equals(expected)) {
            throw new EmbeddingSpecMismatchException(index, actual, expected);
        }
    }

    public EmbeddingSpec specOf(String index) {
        Map<String, String> meta = meta(index);
        if (!meta.containsKey("model_id")) {
            throw new IllegalStateException("index " + index + " has no embedding spec in its _meta; it was not created by DocChat");
        }
        return EmbeddingSpec.fromMeta(meta);
    }

    /** Whether {@code index}'s chunks carry {@link Permissions#FIELD} (its {@code _meta} records the contract). */
    public boolean hasPermissions(String index) {
        return Permissions.recordedIn(meta(index));
    }

    /** The index's {@code _meta} as strings: embedding spec, analyzer, created time. */
    public Map<String, String> meta(String index) {
        try {
            var mapping = client.indices().getMapping(g -> g.index(index)).result().get(index);
            Map<String, String> out = new LinkedHashMap<>();
            if (mapping != null && mapping.mappings().meta() != null) {
                mapping.mappings().meta().forEach((k, v) -> out.put(k, asString(v)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds {@code entries} to {@code index}'s {@code _meta}, keeping the rest (Elasticsearch replaces the whole
     * {@code _meta} on a mapping update): the indexer's quality gate records its figures there.
     */
    public void putMeta(String index, Map<String, Object> entries) {
        try {
            var current = client.indices().getMapping(g -> g.index(index)).result().get(index).mappings().meta();
            Map<String, JsonData> meta = new LinkedHashMap<>(current == null ? Map.of() : current);
            entries.forEach((k, v) -> meta.put(k, JsonData.of(v)));
            client.indices().putMapping(p -> p.index(index).meta(meta));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the _meta of " + index, e);
        }
    }

    /** Creates {@code {prefix}-v{N+1}} from the JSON contract, without aliases. */
    public String createNextVersion(EmbeddingSpec spec) {
        int next = versions().stream().mapToInt(i -> names.versionOf(i).orElse(0)).max().orElse(0) + 1;
        String index = names.version(next);
        String analyzer = bestAnalyzer();
        try {
            ObjectNode body = json.createObjectNode();
            body.set("settings", json.readTree(template("chunk-settings.json", Map.of(
                    "shards", String.valueOf(props.shards()), "replicas", String.valueOf(props.replicas())))));
            ObjectNode mappings = (ObjectNode) json.readTree(template("chunk-mappings.json", Map.of(
                    "analyzer", analyzer, "dims", String.valueOf(spec.dimensions()), "similarity", spec.similarity())));
            ObjectNode meta = mappings.putObject("_meta");
            spec.toMeta().forEach((k, v) -> meta.put(k, String.valueOf(v)));
            meta.put("analyzer", analyzer);
            meta.put(Permissions.META_KEY, Permissions.VERSION);
            meta.put("stemming", EnglishStems.CONTRACT);
            meta.put("created_at", java.time.Instant.now().toString());
            body.set("mappings", mappings);
            String payload = json.writeValueAsString(body);
            client.indices().create(CreateIndexRequest.of(c -> c.index(index).withJson(new StringReader(payload))));
            log.info("created index {} (model {}, analyzer {})", index, spec, analyzer);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create index " + index, e);
        }
    }

    /**
     * Points both aliases at {@code index} in one atomic {@code _aliases} call, then deletes versions older
     * than the kept ones. Searches running during the swap see either the old or the new index, never none.
     */
    public void swapTo(String index) {
        List<Action> actions = new ArrayList<>();
        for (String alias : List.of(names.readAlias(), names.writeAlias())) {
            for (String holder : aliasHolders(alias)) {
                if (!holder.equals(index)) {
                    actions.add(Action.of(a -> a.remove(r -> r.index(holder).alias(alias))));
                }
            }
        }
        actions.add(Action.of(a -> a.add(ad -> ad.index(index).alias(names.readAlias()))));
        actions.add(Action.of(a -> a.add(ad -> ad.index(index).alias(names.writeAlias()).isWriteIndex(true))));
        try {
            client.indices().updateAliases(u -> u.actions(actions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot swap aliases to " + index, e);
        }
        log.info("aliases {} and {} now point at {}", names.readAlias(), names.writeAlias(), index);
        pruneOldVersions(index);
    }

    /** Swaps back to the newest kept version older than the live one. */
    public Optional<String> rollback() {
        Optional<String> live = readIndex();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        int liveVersion = names.versionOf(live.get()).orElse(0);
        Optional<String> previous = versions().stream()
                .filter(i -> names.versionOf(i).orElse(0) < liveVersion)
                .max(Comparator.comparingInt(i -> names.versionOf(i).orElse(0)));
        previous.ifPresent(this::swapTo);
        return previous;
    }

    /** All concrete versions, oldest first. */
    public List<String> versions() {
        try {
            return client.indices().get(g -> g.index(names.pattern()).allowNoIndices(true).ignoreUnavailable(true))
                    .result().keySet().stream()
                    .filter(i -> names.versionOf(i).isPresent())
                    .sorted(Comparator.comparingInt(i -> names.versionOf(i).orElse(0)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteIndex(String index) {
        try {
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
            log.info("deleted index {}", index);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete index " + index, e);
        }
    }

    public void refresh(String index) {
        try {
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long count(String index) {
        try {
            return client.count(c -> c.index(index)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code english} analyzer where the cluster has it (analysis-common), else {@code standard}.
     * Decided once per process and recorded in each index's {@code _meta}.
     */
    public String bestAnalyzer() {
        if (analyzer == null) {
            try {
                client.indices().analyze(a -> a.analyzer("english").text("running"));
                analyzer = "english";
            } catch (ElasticsearchException e) {
                analyzer = "standard";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return analyzer;
    }

    private void pruneOldVersions(String live) {
        int liveVersion = names.versionOf(live).orElse(0);
        List<String> older = versions().stream().filter(i -> names.versionOf(i).orElse(0) < liveVersion).toList();
        for (int i = 0; i < older.size() - props.keepVersions(); i++) {
            deleteIndex(older.get(i));
        }
    }

    private Optional<String> aliasTarget(String alias) {
        List<String> holders = aliasHolders(alias);
        return holders.isEmpty() ? Optional.empty() : Optional.of(holders.get(0));
    }

    private List<String> aliasHolders(String alias) {
        try {
            if (!client.indices().existsAlias(e -> e.name(alias)).value()) {
                return List.of();
            }
            return List.copyOf(client.indices().getAlias(g -> g.name(alias)).result().keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String template(String resource, Map<String, String> values) throws IOException {
        try (InputStream in = IndexManager.class.getResourceAsStream("/elastic/" + resource)) {
            if (in == null) {
                throw new IOException("missing resource /elastic/" + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var e : values.entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            return text;
        }
    }

    static String asString(JsonData data) {
        JsonValue value = data.toJson();
        return value instanceof JsonString s ? s.getString() : value.toString();
    }
}
