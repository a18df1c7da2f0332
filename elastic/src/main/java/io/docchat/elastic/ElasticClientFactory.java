package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.HttpAsyncResponseConsumerFactory;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;

/**
 * Builds the Elasticsearch client from {@link ElasticProperties}: nodes, credentials, TLS and the cap on the size of
 * a response it will buffer ({@link ElasticProperties#maxResponseSize()}).
 */
public final class ElasticClientFactory {

    private ElasticClientFactory() {
    }

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static ElasticsearchClient create(ElasticProperties props) {
        HttpHost[] hosts = props.uris().stream()
                .map(u -> new HttpHost(u.getHost(), u.getPort() < 0 ? 9200 : u.getPort(), u.getScheme()))
                .toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(rc -> rc
                        .setConnectTimeout((int) props.connectTimeout().toMillis())
                        .setSocketTimeout((int) props.socketTimeout().toMillis()));
        // Credentials go preemptively in a default header, and the client's auth cache is off: Apache's
        // BasicAuthCache (which the RestClient fills for every node) stores schemes by Java serialization and
        // deserialized one per request (ObjectInputStream in the search profile, and C2 recompiling it).
        Header authorization = authorization(props);
        if (authorization != null) {
            builder.setDefaultHeaders(new Header[]{authorization});
        }
        SSLContext ssl = props.caCertificate() == null ? null : sslContext(props);
        builder.setHttpClientConfigCallback(http -> {
            http.setMaxConnTotal(64).setMaxConnPerRoute(64).disableAuthCaching();
            if (ssl != null) {
                http.setSSLContext(ssl);
            }
            return http;
        });
        RestClientTransport transport = new RestClientTransport(builder.build(), new JacksonJsonpMapper(objectMapper()));
        return new ElasticsearchClient(transport, capped((RestClientOptions) transport.options(), props.maxResponseSize().toBytes()));
    }

    /**
     * The transport's own options (its user agent and client headers) with a response body buffered up to
     * {@code maxBytes}, then refused with an IOException ("entity content is too long").
     */
    static RestClientOptions capped(RestClientOptions base, long maxBytes) {
        int cap = (int) Math.min(Integer.MAX_VALUE, maxBytes);
        RequestOptions options = base.restClientRequestOptions().toBuilder()
                .setHttpAsyncResponseConsumerFactory(new HttpAsyncResponseConsumerFactory.HeapBufferedResponseConsumerFactory(cap))
                .build();
        return new RestClientOptions(options, base.keepResponseBodyOnException());
    }

    static Header authorization(ElasticProperties props) {
        if (props.apiKey() != null && !props.apiKey().isBlank()) {
            return new BasicHeader("Authorization", "ApiKey " + props.apiKey());
        }
        if (props.username() != null && !props.username().isBlank()) {
            String password = props.password() == null ? "" : props.password();
            return new BasicHeader("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((props.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return null;
    }

    /**
     * Readiness through {@code /_cluster/health}: the minimal distribution answers {@code GET /} with 405,
     * so the client's {@code info()} cannot be used.
     */
    public static HealthResponse awaitHealthy(ElasticsearchClient client, Duration timeout) throws IOException {
        return client.cluster().health(h -> h
                .waitForStatus(HealthStatus.Yellow)
                .timeout(t -> t.time(timeout.toSeconds() + "s")));
    }

    private static SSLContext sslContext(ElasticProperties props) {
        try (InputStream in = Files.newInputStream(props.caCertificate())) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CA certificate " + props.caCertificate(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("invalid CA certificate " + props.caCertificate(), e);
        }
    }
}
