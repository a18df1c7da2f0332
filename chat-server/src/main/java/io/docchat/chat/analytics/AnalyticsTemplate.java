package io.docchat.chat.analytics;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;

/**
 * The data stream's index template ({@code analytics/index-template.json} on the classpath, named after the data
 * stream). Retention is the data stream lifecycle's ({@code template.lifecycle.data_retention}, 400 days;
 * Elasticsearch rolls the backing indexes over by itself): built into data streams, no separate ILM policy to
 * install or to grant {@code manage_ilm} for, and the same on the test cluster (whose build has no ILM) as in
 * production. The mapping is strict: an event field missing from it is refused, so the mapping that the Kibana
 * objects are checked against is the one events really have.
 */
final class AnalyticsTemplate {

    static final String TEMPLATE = "/analytics/index-template.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchClient client;
    private final String dataStream;
    private final boolean install;

    AnalyticsTemplate(ElasticsearchClient client, String dataStream, boolean install) {
        this.client = client;
        this.dataStream = dataStream;
        this.install = install;
    }

    /** Puts the template (idempotent); does nothing when an operator installs it. */
    void install() throws IOException {
        if (!install) {
            return;
        }
        ObjectNode template = read(TEMPLATE);
        template.putArray("index_patterns").add(dataStream);
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
