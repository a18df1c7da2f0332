package io.docchat.chat.search;

import io.docchat.chat.access.Viewer;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.security.Tokens;
import io.docchat.elastic.IndexRevisions;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class HybridSearchIT extends SearchStack {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    SearchService search;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    SearchProperties props;

    private HybridRetriever.Retrieved retrieve(String text, SearchQuery.Filters filters) {
        SearchQuery q = new SearchQuery(text, filters, 10, 0);
        return new HybridRetriever(client, props).retrieve(SearchIndex.get().live(), q, TestServices.embedder().embedQuery(text), null);
    }

    @Test
    void exactIdentifierIsFoundByBm25WhereVectorsRankLookAlikesFirst() {
        HybridRetriever.Retrieved lists = retrieve(SearchCorpus.IDENTIFIER, null);
        // only the chunk with the exact token matches lexically; to the vector the decoy codes look closer
        assertThat(lists.ids("bm25")).containsExactly(SearchCorpus.ERRORS);
        assertThat(lists.ids("knn").getFirst()).isNotEqualTo(SearchCorpus.ERRORS);

        SearchResult result = search.search(new SearchQuery(SearchCorpus.IDENTIFIER, null, 5, 0), Viewer.PUBLIC);
        SearchResult.Hit top = result.hits().getFirst();
        assertThat(top.chunkId()).isEqualTo(SearchCorpus.ERRORS);
        assertThat(top.retrievers()).contains("bm25");
        assertThat(top.link()).isEqualTo("https://docs.example.com/docs/errors#quota");
        assertThat(top.snippet()).contains("<em>" + SearchCorpus.IDENTIFIER + "</em>");
    }

    @Test
    void paraphraseWithNoSharedWordIsFoundByKnnOnly() {
        HybridRetriever.Retrieved lists = retrieve(SearchCorpus.PARAPHRASE, null);
        assertThat(lists.ids("bm25")).doesNotContain(SearchCorpus.PASSWORD, SearchCorpus.PASSWORD_V1);

        SearchResult result = search.search(new SearchQuery(SearchCorpus.PARAPHRASE, null, 3, 0), Viewer.PUBLIC);
        SearchResult.Hit top = result.hits().getFirst();
        assertThat(top.chunkId()).isIn(SearchCorpus.PASSWORD, SearchCorpus.PASSWORD_V1);
        assertThat(top.retrievers()).containsExactly("knn");
        assertThat(top.snippet()).doesNotContain("<em>").startsWith(top.text().substring(0, 20));
    }

    @Test
    void whenBothRetrieversRankAChunkFirstItGetsTheFullScoreOfBoth() {
        HybridRetriever.Retrieved lists = retrieve(SearchCorpus.BOTH, null);
        assertThat(lists.ids("bm25").getFirst()).isEqualTo(SearchCorpus.BACKUPS);
        assertThat(lists.ids("knn").getFirst()).isEqualTo(SearchCorpus.BACKUPS);

        List<SearchResult.Hit> hits = search.search(new SearchQuery(SearchCorpus.BOTH, null, 10, 0), Viewer.PUBLIC).hits();
        assertThat(props.fusion().method()).isEqualTo(SearchProperties.FusionMethod.ADAPTIVE);
        assertThat(hits.getFirst().chunkId()).isEqualTo(SearchCorpus.BACKUPS);
        assertThat(hits.getFirst().retrievers()).containsExactlyInAnyOrder("bm25", "knn");
        // adaptive (convex with per-query weights summing to 1): the maximum of both normalised lists, so 1
        assertThat(hits.getFirst().score()).isCloseTo(1.0, offset(1e-9));
        // the rest follows the fused order of the two lists
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
        }
        assertThat(hits).extracting(SearchResult.Hit::chunkId).isEqualTo(
                Fusion.of(props.fusion()).fuse(lists.rankings()).stream().limit(hits.size()).map(Fusion.Fused::id).toList());

        // RRF stays available: the same lists fused by rank give the top chunk the sum of two first-rank shares
        SearchProperties.FusionProperties f = props.fusion();
        Fusion rrf = new Fusion(SearchProperties.FusionMethod.RRF, f.rrfK(),
                java.util.Map.of("bm25", f.bm25Weight(), "knn", f.knnWeight()));
        Fusion.Fused top = rrf.fuse(lists.rankings()).getFirst();
        assertThat(top.id()).isEqualTo(SearchCorpus.BACKUPS);
        assertThat(top.score()).isCloseTo(f.bm25Weight() / (f.rrfK() + 1) + f.knnWeight() / (f.rrfK() + 1), offset(1e-9));
    }

    @Test
    void filtersConstrainBothRetrievers() {
        SearchQuery.Filters v1 = new SearchQuery.Filters(List.of(), List.of("vault"), List.of("1.0"), List.of(), null);
        HybridRetriever.Retrieved lists = retrieve(SearchCorpus.PARAPHRASE + " reset password", v1);
        assertThat(lists.ids("bm25")).containsExactly(SearchCorpus.PASSWORD_V1);
        assertThat(lists.ids("knn")).containsExactly(SearchCorpus.PASSWORD_V1);

        SearchQuery.Filters beacon = new SearchQuery.Filters(List.of(), List.of(), List.of(), List.of("beacon"), null);
        HybridRetriever.Retrieved install = retrieve("install with the package manager", beacon);
        assertThat(install.ids("knn")).hasSize(2).allMatch(id -> id.startsWith("beacon/"));
        assertThat(install.ids("bm25")).isNotEmpty().allMatch(id -> id.startsWith("beacon/"));

        SearchQuery.Filters path = new SearchQuery.Filters(List.of(), List.of(), List.of(), List.of(), "docs/errors-");
        List<SearchResult.Hit> hits = search.search(new SearchQuery("error codes", path, 10, 0), Viewer.PUBLIC).hits();
        assertThat(hits).extracting(SearchResult.Hit::chunkId)
                .containsExactlyInAnyOrder("docs/errors-sync.md#0", "docs/errors-network.md#0", "docs/errors-overview.md#0");
    }

    @Test
    void getAndPostAnswerWithTitlesLinksSnippetsRetrieversTimeAndGeneration() throws Exception {
        String token = Tokens.user("reader");
        HttpResponse<String> get = get("/api/v1/search?k=2&q=" + URLEncoder.encode(SearchCorpus.BOTH, StandardCharsets.UTF_8)
                + "&product=vault", token);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(get.body());
        // the live index and its revision (other tests raise it, as incremental indexer runs do)
        assertThat(body.path("indexGeneration").asText())
                .isEqualTo(new IndexRevisions(SearchIndex.get().indexes()).read().orElseThrow().token());
        assertThat(body.path("tookMs").isNumber()).isTrue();
        assertThat(body.path("hits")).hasSize(2);
        JsonNode top = body.path("hits").get(0);
        assertThat(top.path("chunkId").asText()).isEqualTo(SearchCorpus.BACKUPS);
        assertThat(top.path("title").asText()).isEqualTo("Backups");
        assertThat(top.path("headingPath").asText()).isEqualTo("Backups > Restore");
        assertThat(top.path("link").asText()).isEqualTo("https://docs.example.com/docs/backup#restore");
        assertThat(top.path("snippet").asText()).contains("<em>snapshot</em>");
        assertThat(Set.of(top.path("retrievers").get(0).asText(), top.path("retrievers").get(1).asText()))
                .containsExactlyInAnyOrder("bm25", "knn");

        HttpResponse<String> page2 = post("/api/v1/search",
                "{\"q\":\"" + SearchCorpus.BOTH + "\",\"k\":2,\"offset\":1,\"filters\":{\"product\":[\"vault\"]}}", token);
        assertThat(page2.statusCode()).as(page2.body()).isEqualTo(200);
        JsonNode second = JSON.readTree(page2.body()).path("hits");
        assertThat(second.get(0).path("chunkId").asText()).isEqualTo(body.path("hits").get(1).path("chunkId").asText());

        HttpResponse<String> docs = get("/v3/api-docs", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/search");
        assertThat(get("/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
    }
}
