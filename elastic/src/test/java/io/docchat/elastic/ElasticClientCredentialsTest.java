package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.sun.net.httpserver.HttpServer;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client sends its credentials on the first request (no 401 round trip), with the auth cache off:
 * a server that counts requests and records the {@code Authorization} header it got.
 */
class ElasticClientCredentialsTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(auth == null ? "none" : auth);
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-elastic-product", "Elasticsearch");
            exchange.sendResponseHeaders(auth == null ? 401 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void basicCredentialsArePreemptiveOnEveryRequest() throws Exception {
        call(props("elastic", "s3cret:with-colon", null));
        assertThat(seen).hasSize(2).containsOnly("Basic " + java.util.Base64.getEncoder()
                .encodeToString("elastic:s3cret:with-colon".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void apiKeyWinsOverBasic() throws Exception {
        call(props("elastic", "pw", "a2V5OnNlY3JldA=="));
        assertThat(seen).containsOnly("ApiKey a2V5OnNlY3JldA==").hasSize(2);
    }

    @Test
    void noCredentialsSendsNoHeader() throws Exception {
        assertThat(ElasticClientFactory.authorization(props(null, null, null))).isNull();
        assertThat(ElasticClientFactory.authorization(props(" ", "pw", " "))).isNull();
    }

    private void call(ElasticProperties props) throws Exception {
        try (ElasticsearchClient client = ElasticClientFactory.create(props)) {
            var rest = ((RestClientTransport) client._transport()).restClient();
            for (int i = 0; i < 2; i++) {
                assertThat(rest.performRequest(new Request("GET", "/_cluster/health")).getStatusLine().getStatusCode())
                        .isEqualTo(200);
            }
        }
    }

    private ElasticProperties props(String user, String password, String apiKey) {
        return new ElasticProperties(List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), user, password,
                apiKey, null, "t", 1, 0, 2, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
}
