package io.docchat.chat.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.security.Tokens;
import io.docchat.elastic.EmbeddingSpec;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A model change or a rollback moves the alias to an index built with another embedding model under a running
 * server. The server must not compare its query vectors with that index's: it answers 503 problem+json naming
 * both models until the alias points at an index of its own model again, and then answers as before.
 *
 * <p>Simulated: only BGE-small is available here, so the other index holds the same vectors and differs in its
 * recorded model id (same dimensions). That is the dangerous case: with other dimensions Elasticsearch would
 * refuse the kNN query itself, with the same dimensions it would silently return neighbours of an unrelated model.
 */
class EmbeddingSpecChangeIT extends SearchStack {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anIndexOfAnotherModelSwappedInUnderTheServerIsRefusedAndARollbackRestoresTheSameResults() throws Exception {
        SearchIndex index = SearchIndex.get();
        IndexManager indexes = index.indexes();
        String original = index.live();
        String token = Tokens.user("reader");
        String path = "/api/v1/search?k=5&q=" + URLEncoder.encode(SearchCorpus.BOTH, StandardCharsets.UTF_8);
        List<String> before = chunkIds(get(path, token));
        assertThat(before).isNotEmpty();

        EmbeddingSpec own = TestServices.embedder().spec();
        EmbeddingSpec other = new EmbeddingSpec(own.modelId() + "-other-normalisation", own.dimensions(), own.similarity());
        String changed = index.newVersion(other);
        indexes.swapTo(changed);
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> refused = get(path, token);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                JsonNode problem = JSON.readTree(refused.body());
                assertThat(problem.path("detail").asText()).contains(changed, other.modelId(), own.modelId(), "rollback");
            });
        } finally {
            assertThat(indexes.rollback()).contains(original);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(chunkIds(get(path, token))).isEqualTo(before));
    }

    private static List<String> chunkIds(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).path("hits").forEach(h -> ids.add(h.path("chunkId").asText()));
        return ids;
    }
}
