package io.docchat.chat.search;

import io.docchat.chat.ChatServerApplication;
import io.docchat.elastic.testing.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A whole chat server on a random port, for tests that need several instances or their own Redis route. */
public final class ServerInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final int port;

    public ServerInstance(Map<String, String> properties) {
        Map<String, String> all = services("0");
        all.put("docchat.elastic.index-prefix", SearchIndex.get().prefix());
        all.putAll(properties);
        List<String> args = new ArrayList<>();
        all.forEach((k, v) -> args.add("--" + k + "=" + v));
        this.context = new SpringApplicationBuilder(ChatServerApplication.class, CountingBeans.class)
                .run(args.toArray(String[]::new));
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** The test services (Elasticsearch, PostgreSQL, Redis) as a chat server's properties, and its port. */
    static Map<String, String> services(String port) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", port);
        all.put("management.server.port", "0"); // the fixed 9080 would collide between runs
        all.put("docchat.elastic.uris", TestServices.elasticsearch().toString());
        all.put("spring.datasource.url", TestServices.jdbcUrl());
        all.put("spring.datasource.username", TestServices.jdbcUser());
        all.put("spring.datasource.password", TestServices.jdbcPassword());
        all.put("spring.data.redis.host", TestServices.redisHost());
        all.put("spring.data.redis.port", String.valueOf(TestServices.redisPort()));
        all.put("docchat.analytics.data-stream", "docchat-analytics-it");
        return all;
    }

    public int port() {
        return port;
    }

    public HttpResponse<String> get(String pathAndQuery, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public double counter(String name, String... tags) {
        var search = context.getBean(MeterRegistry.class).find(name).tags(tags);
        var c = search.counter();
        var f = search.functionCounter();
        return c != null ? c.count() : f != null ? f.count() : 0;
    }

    public double gauge(String name, String... tags) {
        var g = context.getBean(MeterRegistry.class).find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @Override
    public void close() {
        context.close();
    }
}
