package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.docchat.chat.access.Viewer;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.IndexRevisions;
import io.docchat.elastic.Permissions;
import io.docchat.elastic.testing.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chunk cache is shared by every caller (a chunk's text is the same for all), so it must never be a way
 * around permissions: a chunk loaded for a caller who may read it and cached is not returned to one who may
 * not, even when the id is asked for directly (as a stale or crafted id list would), while the public chunk
 * next to it is served from the cache to both.
 */
class ChunkCachePermissionIT {

    @Test
    void aCachedChunkIsReturnedOnlyToCallersItsAclAdmits() throws Exception {
        String prefix = TestServices.uniquePrefix("chunkacl");
        ElasticProperties props = ElasticProperties.local(TestServices.elasticsearch().toString(), prefix);
        try (ElasticsearchClient client = ElasticClientFactory.create(props)) {
            IndexManager indexes = new IndexManager(client, props);
            try {
                String index = indexes.ensureLiveIndex(TestServices.embedder().spec());
                Instant now = Instant.now();
                ChunkDocument secret = new ChunkDocument("eng:runbook.md", 0, "eng", "runbook.md", null, null, null, null,
                        "Runbook", "Runbook", "Fail over with kestrelctl promote.", "h1", null, null, List.of(),
                        List.of("eng"), 10, now, now, null);
                ChunkDocument open = new ChunkDocument("pub:welcome.md", 0, "pub", "welcome.md", null, null, null, null,
                        "Welcome", "Welcome", "Welcome to the docs.", "h2", null, null, List.of(), null, 10, now, now, null);
                client.bulk(b -> b.refresh(Refresh.True)
                        .operations(o -> o.index(x -> x.index(index).id(secret.id()).document(secret)))
                        .operations(o -> o.index(x -> x.index(index).id(open.id()).document(open))));
                assertThat(open.acl()).containsExactly(Permissions.PUBLIC);

                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                PageFetcher pages = new PageFetcher(client, 200, 1 << 20, registry);
                IndexRevisions.Generation generation = new IndexRevisions.Generation(index, 0);
                List<String> ids = List.of(secret.id(), open.id());

                assertThat(pages.fetch(generation, "kestrel", ids, Viewer.ofGroups(List.of("eng"))).keySet())
                        .containsExactlyInAnyOrder(secret.id(), open.id());
                double hitsBefore = hits(registry);
                assertThat(pages.fetch(generation, "kestrel", ids, Viewer.PUBLIC).keySet()).containsExactly(open.id());
                assertThat(pages.fetch(generation, "kestrel", ids, Viewer.ofGroups(List.of("sales"))).keySet())
                        .containsExactly(open.id());
                assertThat(hits(registry) - hitsBefore).as("both answered from the cache").isEqualTo(4);
            } finally {
                indexes.versions().forEach(indexes::deleteIndex);
            }
        }
    }

    private static double hits(SimpleMeterRegistry registry) {
        return registry.find("docchat.cache.requests").tags("cache", "chunks", "result", "hit").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
