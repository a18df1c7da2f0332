package io.docchat.elastic.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs an app's dependencies through {@link TcpProxy}s so a test can cut one and watch that app's
 * {@code /actuator/health} component go DOWN, then come back UP.
 */
public final class DependencyOutage implements AutoCloseable {

    private final TcpProxy postgres;
    private final TcpProxy redis;
    private final TcpProxy elasticsearch;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public DependencyOutage() throws IOException {
        URI jdbc = URI.create(TestServices.jdbcUrl().substring("jdbc:".length()));
        this.postgres = new TcpProxy(jdbc.getHost(), jdbc.getPort() < 0 ? 5432 : jdbc.getPort());
        this.redis = new TcpProxy(TestServices.redisHost(), TestServices.redisPort());
        URI es = TestServices.elasticsearch();
        this.elasticsearch = new TcpProxy(es.getHost(), es.getPort());
    }

    /** Spring properties that route the app through the proxies. */
    public Map<String, String> properties() {
        URI jdbc = URI.create(TestServices.jdbcUrl().substring("jdbc:".length()));
        return Map.of(
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgres.port() + jdbc.getPath(),
                "spring.datasource.username", TestServices.jdbcUser(),
                "spring.datasource.password", TestServices.jdbcPassword(),
                "spring.data.redis.host", "127.0.0.1",
                "spring.data.redis.port", String.valueOf(redis.port()),
                "docchat.elastic.uris", "http://127.0.0.1:" + elasticsearch.port());
    }

    /**
     * Starts {@code application} (a Spring Boot app) wired through the proxies and asserts that its health
     * reports each dependency and each outage. Properties go in as arguments so they win over application.yml.
     */
    public static void assertAppReportsEachOutage(Class<?> application, String... extraArgs) throws IOException {
        try (DependencyOutage outage = new DependencyOutage()) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(extraArgs));
            args.add("--server.port=0");
            args.add("--management.server.port=0");
            outage.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
            try (org.springframework.context.ConfigurableApplicationContext app =
                         new org.springframework.boot.builder.SpringApplicationBuilder(application).run(args.toArray(String[]::new))) {
                // the actuator is served on the management port
                outage.assertEachOutageIsReported(Integer.parseInt(app.getEnvironment().getProperty("local.management.port")));
            }
        }
    }

    /** Cuts each dependency in turn and asserts that exactly its component goes DOWN and comes back. */
    public void assertEachOutageIsReported(int appPort) throws IOException {
        Map<String, TcpProxy> components = Map.of("db", postgres, "redis", redis, "elasticsearch", elasticsearch);
        awaitStatus(appPort, components.keySet().toArray(String[]::new), "UP");
        for (var entry : components.entrySet()) {
            entry.getValue().cut();
            awaitStatus(appPort, new String[]{entry.getKey()}, "DOWN");
            entry.getValue().start();
            awaitStatus(appPort, new String[]{entry.getKey()}, "UP");
        }
    }

    private void awaitStatus(int appPort, String[] names, String status) {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode health = health(appPort);
            for (String name : names) {
                assertThat(health.path("components").path(name).path("status").asText())
                        .as("%s in %s", name, health).isEqualTo(status);
            }
        });
    }

    private JsonNode health(int appPort) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/actuator/health"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body());
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        redis.close();
        elasticsearch.close();
    }
}
