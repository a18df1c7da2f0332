package io.docchat.elastic.testing;

import io.docchat.elastic.embed.BgeSmallEmbedder;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.local.LocalElasticsearch;
import io.docchat.elastic.local.LocalElasticsearchConfig;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * The real services integration tests run against. Elasticsearch: the cluster at {@code docchat.it.es.url}
 * (the one {@code ops/dev/stack} starts) or, when none answers there, one started once per JVM with the
 * launcher. PostgreSQL and Redis: the ones on the default ports (overridable by environment).
 */
public final class TestServices {

    private static volatile URI esUri;
    private static volatile Embedder embedder;

    private TestServices() {
    }

    public static synchronized URI elasticsearch() {
        if (esUri == null) {
            String configured = System.getProperty("docchat.it.es.url", env("DOCCHAT_IT_ES_URL", "http://127.0.0.1:9200"));
            URI uri = URI.create(configured);
            LocalElasticsearch probe = new LocalElasticsearch(LocalElasticsearchConfig.defaults(
                    root().resolve(".local/elasticsearch"), uri.getPort()));
            if (probe.isHealthy()) {
                esUri = uri;
            } else {
                int port = 9250;
                LocalElasticsearch es = new LocalElasticsearch(LocalElasticsearchConfig.defaults(
                        root().resolve(".local/es-it"), port));
                try {
                    es.start();
                } catch (Exception e) {
                    throw new IllegalStateException("no Elasticsearch at " + uri + " and the launcher could not start one", e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        es.stop();
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }));
                esUri = es.uri();
            }
        }
        return esUri;
    }

    /** One BGE model per test JVM: loading it takes a second and 100 MB. */
    public static synchronized Embedder embedder() {
        if (embedder == null) {
            embedder = new BgeSmallEmbedder(2);
        }
        return embedder;
    }

    public static String jdbcUrl() {
        return env("DOCCHAT_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/docchat_test");
    }

    public static String jdbcUser() {
        return env("DOCCHAT_TEST_DB_USER", "postgres");
    }

    public static String jdbcPassword() {
        return env("DOCCHAT_TEST_DB_PASSWORD", "");
    }

    public static String redisHost() {
        return env("DOCCHAT_TEST_REDIS_HOST", "127.0.0.1");
    }

    public static int redisPort() {
        return Integer.parseInt(env("DOCCHAT_TEST_REDIS_PORT", "6379"));
    }

    /** A fresh index prefix, so tests sharing one cluster never see each other's indexes. */
    public static String uniquePrefix(String name) {
        return ("it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    public static Path root() {
        String root = System.getProperty("docchat.it.root");
        if (root != null) {
            return Path.of(root);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !p.resolve("ops").toFile().isDirectory()) {
            p = p.getParent();
        }
        return p == null ? Path.of("").toAbsolutePath() : p;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
