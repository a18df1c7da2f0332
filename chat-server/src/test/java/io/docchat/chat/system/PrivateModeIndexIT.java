package io.docchat.chat.system;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonData;
import io.docchat.chat.access.AccessMode;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.Permissions;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up check against a real Elasticsearch: in private mode an index built before permissions (no
 * {@code _meta.permissions}) stops the server with a one-line message saying how to rebuild; public mode serves
 * it (as all public), and an index with permissions passes in both modes.
 */
class PrivateModeIndexIT {

    @Test
    void privateModeRefusesAnIndexWithoutPermissionsAndSaysHowToRebuild() throws Exception {
        String prefix = TestServices.uniquePrefix("privmode");
        ElasticProperties props = ElasticProperties.local(TestServices.elasticsearch().toString(), prefix);
        try (ElasticsearchClient client = ElasticClientFactory.create(props)) {
            IndexManager indexes = new IndexManager(client, props);
            try {
                String index = indexes.ensureLiveIndex(TestServices.embedder().spec());
                IndexContractCheck privately = new IndexContractCheck(indexes, TestServices.embedder(), new AccessMode("private"));
                IndexContractCheck publicly = new IndexContractCheck(indexes, TestServices.embedder(), new AccessMode("public"));
                assertThatCode(() -> privately.run(null)).doesNotThrowAnyException();

                Map<String, JsonData> meta = new LinkedHashMap<>();
                indexes.meta(index).forEach((k, v) -> {
                    if (!k.equals(Permissions.META_KEY)) {
                        meta.put(k, JsonData.of(v));
                    }
                });
                client.indices().putMapping(p -> p.index(index).meta(meta));

                assertThatThrownBy(() -> privately.run(null))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(index).hasMessageContaining("DOCCHAT_MODE=private")
                        .hasMessageContaining("_meta.permissions").hasMessageContaining("mode=full")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
                assertThatCode(() -> publicly.run(null)).doesNotThrowAnyException();
            } finally {
                indexes.versions().forEach(indexes::deleteIndex);
            }
        }
    }

    @Test
    void theModeIsPublicOrPrivate() {
        assertThat(new AccessMode("Private").privateMode()).isTrue();
        assertThat(new AccessMode("public").privateMode()).isFalse();
        assertThatThrownBy(() -> new AccessMode("secret")).hasMessageContaining("DOCCHAT_MODE");
    }
}
