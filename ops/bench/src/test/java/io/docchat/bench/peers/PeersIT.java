package io.docchat.bench.peers;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both peers on the real cluster with the real model: what is added comes back under our ids, the right passage
 * first for a paraphrased question, and closing the peer removes its index.
 */
class PeersIT {

    private static final List<Peer.Passage> PASSAGES = List.of(
            new Peer.Passage("d1", "Vitamin D and bone density. Vitamin D supplementation increases bone mineral density in elderly women."),
            new Peer.Passage("d2", "Aspirin and heart attacks. Daily low-dose aspirin lowers the risk of a first myocardial infarction."),
            new Peer.Passage("d3", "Sleep and memory. Sleep deprivation impairs the consolidation of declarative memories."));

    private static ElasticsearchClient client;
    private static Embedder embedder;

    @BeforeAll
    static void start() {
        client = ElasticClientFactory.create(ElasticProperties.local(TestServices.elasticsearch().toString(),
                TestServices.uniquePrefix("bench-peers")));
        embedder = TestServices.embedder();
    }

    @AfterAll
    static void stop() throws IOException {
        client._transport().close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"springai", "langchain4j"})
    void findsTheRightPassageUnderItsOwnIdAndDropsItsIndexOnClose(String kind) throws IOException {
        String index = TestServices.uniquePrefix("bench-peer-" + kind);
        try (Peer peer = kind.equals("springai") ? new SpringAiPeer(client, index, embedder)
                : new LangChain4jPeer(client, index, embedder)) {
            peer.add(PASSAGES, 2);

            List<Peer.Hit> hits = peer.search("does aspirin prevent myocardial infarction", 10);

            assertThat(hits).extracting(Peer.Hit::id).containsExactlyInAnyOrder("d1", "d2", "d3");
            assertThat(hits.get(0).id()).isEqualTo("d2");
            assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        }
        assertThat(client.indices().exists(e -> e.index(index)).value()).isFalse();
    }
}
