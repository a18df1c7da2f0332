package io.docchat.chat.analytics;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;

/**
 * The data stream's index template and lifecycle policy ({@code analytics/*.json} on the classpath, named
 * after the data stream). The template's mapping is strict: an event field missing from it is refused, so the
 * mapping that the Kibana objects are checked against is the one events really have.
 */
final class AnalyticsTemplate {

    static final String TEMPLATE = "/analytics/index-template.json";
    static final String POLICY = "/analytics/lifecycle-policy.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchClient client;
    private final String dataStream;
    private final boolean install;

    AnalyticsTemplate(ElasticsearchClient client, String dataStream, boolean install) {
        this.client = client;
        this.dataStream = dataStream;
        this.install = install;
    }

    /** Puts policy and template (idempotent); does nothing when an operator installs them. */
    void install() throws IOException {
        if (!install) {
            return;
        }
        String policy = read(POLICY).toString();
        client.ilm().putLifecycle(r -> r.name(dataStream).withJson(new StringReader(policy)));
        ObjectNode template = read(TEMPLATE);
        template.putArray("index_patterns").add(dataStream);
        ((ObjectNode) template.path("template").path("settings")).put("index.lifecycle.name", dataStream);
        String body = template.toString();
        client.indices().putIndexTemplate(r -> r.name(dataStream).withJson(new StringReader(body)));
    }

    static ObjectNode read(String resource) throws IOException {
        try (InputStream in = AnalyticsTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return (ObjectNode) JSON.readTree(in);
        }
    }
}
