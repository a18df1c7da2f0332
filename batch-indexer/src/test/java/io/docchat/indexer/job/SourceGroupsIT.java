package io.docchat.indexer.job;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.Permissions;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sources declare who may read them ({@code docchat.indexer.sources[i].groups}); every chunk carries that in
 * {@code acl}. Changing a source's groups is a change like an edit: the next incremental run re-writes exactly
 * that source's chunks with the new readers. A group nobody knows still indexes, and the admin API lists it.
 */
class SourceGroupsIT {

    @TempDir
    Path root;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void chunksCarryTheirSourcesGroupsAndChangingThemRewritesOnlyThatSourceOnTheNextIncrementalRun() throws Exception {
        Path internal = Files.createDirectories(root.resolve("internal"));
        Path open = Files.createDirectories(root.resolve("open"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(internal.resolve("runbook" + i + ".md"), "# Runbook " + i + "\n\nInternal runbook number " + i + ".\n");
        }
        Files.writeString(open.resolve("welcome.md"), "# Welcome\n\nThe public welcome page.\n");
        String prefix = TestServices.uniquePrefix("groups");

        IndexerApp first = IndexerApp.start(prefix, properties(prefix, internal, open, "eng,Unknown Team"));
        String live;
        try {
            JobExecution run = first.run(RunMode.INCREMENTAL);
            assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            live = first.liveIndex();
            assertThat(first.bean(IndexManager.class).meta(live)).containsEntry(Permissions.META_KEY, Permissions.VERSION);
            assertThat(acls(first)).containsEntry("internal:runbook0.md#0", List.of("Unknown Team", "eng"))
                    .containsEntry("internal:runbook2.md#0", List.of("Unknown Team", "eng"))
                    .containsEntry("open:welcome.md#0", List.of(Permissions.PUBLIC));

            int port = ((WebServerApplicationContext) first.context).getWebServer().getPort();
            HttpResponse<String> sources = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/admin/sources")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sources.statusCode()).isEqualTo(200);
            JsonNode listed = json.readTree(sources.body());
            assertThat(listed.get(0).path("name").asText()).isEqualTo("internal");
            assertThat(listed.get(0).path("groups").toString()).isEqualTo("[\"eng\",\"Unknown Team\"]");
            assertThat(listed.get(1).path("isPublic").asBoolean()).isTrue();
        } finally {
            first.context.close(); // keeps the index: the next app continues on it
        }

        // eng loses access, sales gains it: the source's chunks are re-written, the public source's are not
        try (IndexerApp second = IndexerApp.start(prefix, properties(prefix, internal, open, "sales"))) {
            JobExecution run = second.run(RunMode.INCREMENTAL);
            assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(step(run, "index").getReadCount()).as("the internal source's documents only").isEqualTo(3);
            assertThat(second.liveIndex()).as("incremental: into the live index").isEqualTo(live);
            Map<String, List<String>> acls = acls(second);
            assertThat(acls).hasSize(4).containsEntry("internal:runbook1.md#0", List.of("sales"))
                    .containsEntry("open:welcome.md#0", List.of(Permissions.PUBLIC));
            assertThat(acls.values()).noneMatch(a -> a.contains("eng"));

            JobExecution again = second.run(RunMode.INCREMENTAL);
            assertThat(step(again, "index").getReadCount()).as("nothing changed since").isZero();

            // an index built before permissions: the next incremental run rebuilds it into a new version
            Map<String, JsonData> meta = new LinkedHashMap<>();
            second.bean(IndexManager.class).meta(live).forEach((k, v) -> {
                if (!k.equals(Permissions.META_KEY)) {
                    meta.put(k, JsonData.of(v));
                }
            });
            second.es().indices().putMapping(p -> p.index(live).meta(meta));
            assertThat(second.bean(IndexManager.class).hasPermissions(live)).isFalse();
            JobExecution rebuild = second.run(RunMode.INCREMENTAL);
            assertThat(rebuild.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(second.liveIndex()).isNotEqualTo(live);
            assertThat(second.bean(IndexManager.class).hasPermissions(second.liveIndex())).isTrue();
            assertThat(acls(second)).hasSize(4).containsEntry("internal:runbook0.md#0", List.of("sales"));
        }
    }

    private static Map<String, String> properties(String prefix, Path internal, Path open, String groups) {
        Map<String, String> p = IndexerApp.baseProperties(prefix, internal);
        p.put("docchat.indexer.sources[0].name", "internal");
        p.put("docchat.indexer.sources[0].groups", groups);
        p.put("docchat.indexer.sources[1].name", "open");
        p.put("docchat.indexer.sources[1].path", open.toString());
        return p;
    }

    /** Every chunk behind the read alias: id → its acl. */
    private static Map<String, List<String>> acls(IndexerApp app) throws Exception {
        app.es().indices().refresh(r -> r.index(app.prefix));
        SearchResponse<ObjectNode> r = app.es().search(s -> s.index(app.prefix).size(1000)
                .source(src -> src.filter(f -> f.includes(Permissions.FIELD))), ObjectNode.class);
        Map<String, List<String>> out = new TreeMap<>();
        r.hits().hits().forEach(h -> {
            List<String> acl = new java.util.ArrayList<>();
            h.source().get(Permissions.FIELD).forEach(v -> acl.add(v.asText()));
            out.put(h.id(), acl);
        });
        return out;
    }

    private static org.springframework.batch.core.step.StepExecution step(JobExecution run, String name) {
        return run.getStepExecutions().stream().filter(s -> s.getStepName().equals(name)).findFirst().orElseThrow();
    }
}
