package io.docchat.indexer.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import io.docchat.indexer.gate.search.ProductSearch;
import io.docchat.indexer.gate.search.SearchProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quality gate and rollback against the real Elasticsearch, PostgreSQL and embedding model, through the admin
 * API: the first build publishes and records its figures; an equal rebuild passes; a rebuild of a source whose
 * documents were truncated is refused (the old index stays live, the run says why); force publishes it; rollback
 * brings back the previous version and its search results; a model change (simulated: same vectors, another
 * recorded model id) is judged against the figures the live index recorded, goes live, and rolls back.
 */
class QualityGateIT {

    /** One topic per document: its title, a section heading and a sentence no other document shares. */
    static final String[][] TOPICS = {
            {"Replication", "Choosing a replication factor", "Replicas copy every shard to a second node so a lost disk loses nothing."},
            {"Backups", "Scheduling nightly snapshots", "Snapshots are taken at midnight and kept for thirty days in object storage."},
            {"Authentication", "Signing in with single sign-on", "Users sign in through the company identity provider with OpenID Connect."},
            {"Rate limits", "Requests per minute", "Each client may send sixty requests per minute before it is throttled."},
            {"Webhooks", "Retrying failed deliveries", "A webhook that answers with an error is retried with exponential backoff."},
            {"Billing", "Reading the monthly invoice", "The invoice lists seats, storage and support as separate lines."},
            {"Audit log", "Exporting audit events", "Audit events can be streamed to a SIEM as newline-delimited JSON."},
            {"Encryption", "Rotating data keys", "Data keys are rotated every ninety days and wrapped by a master key."},
            {"Search syntax", "Quoting exact phrases", "Put a phrase in double quotes to match the words in that order."},
            {"Mobile app", "Offline mode on phones", "The phone app keeps the last opened documents for reading offline."},
            {"Printing", "Page margins for PDF export", "PDF export uses two centimetre margins and A4 paper by default."},
            {"Time zones", "Displaying local times", "Times are stored in UTC and shown in the reader's own time zone."},
            {"Keyboard shortcuts", "Opening the command palette", "Press control and K to open the command palette anywhere."},
            {"Data retention", "Deleting old conversations", "Conversations older than a year are deleted unless a legal hold applies."},
            {"Migrations", "Upgrading the database schema", "Schema upgrades run automatically at start-up and never drop columns."},
            {"Monitoring", "Alerting on error rates", "An alert fires when more than one percent of requests fail for five minutes."},
            {"Themes", "Switching to dark mode", "Dark mode follows the operating system setting unless the user overrides it."},
            {"Accessibility", "Screen reader support", "Every control has a label so screen readers announce it correctly."},
            {"Import", "Uploading spreadsheets", "Spreadsheets are imported row by row and the first row names the columns."},
            {"Notifications", "Muting a channel", "A muted channel shows unread counts but never sends push notifications."},
            {"Licensing", "Counting active seats", "A seat counts as active when its user signed in during the last thirty days."},
            {"Proxy", "Routing through a corporate proxy", "Set HTTPS_PROXY so outgoing calls pass through the corporate proxy."},
            {"Plugins", "Writing a first plugin", "A plugin is a jar with a manifest that names its entry class."},
            {"Localization", "Adding a new language", "Translations live in one properties file per language and region."},
    };

    @TempDir
    Path docs;
    @TempDir
    Path guides;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void equalRebuildPassesBrokenSourceIsRefusedForcePublishesRollbackRestoresAndAModelChangeIsJudgedByRecordedFigures() throws Exception {
        for (int i = 0; i < TOPICS.length; i++) {
            Files.writeString(docs.resolve("topic" + i + ".md"), page(i));
        }
        Files.writeString(guides.resolve("keys.md"), "# Key management\n\nSigning keys are replaced every quarter by the "
                + "security team; the old key keeps verifying for one week.\n");
        Files.writeString(guides.resolve("onboarding.md"), "# Onboarding\n\nNew colleagues get an account on their first day.\n");
        String prefix = TestServices.uniquePrefix("gate");
        Map<String, String> props = IndexerApp.baseProperties(prefix, docs);
        // two apps at once at the end, on a PostgreSQL that other test runs share: fewer connections than the default 16
        props.put("spring.datasource.hikari.maximum-pool-size", "6");
        props.put("docchat.indexer.sources[1].name", "guides");
        props.put("docchat.indexer.sources[1].path", guides.toString());
        // a configured canary: a paraphrase that shares almost no word with its target
        props.put("docchat.indexer.sources[1].canaries[0].query", "how often do we swap the keys that sign tokens");
        props.put("docchat.indexer.sources[1].canaries[0].target", "keys.md");
        try (IndexerApp app = IndexerApp.start(prefix, props)) {
            String base = "http://127.0.0.1:" + ((WebServerApplicationContext) app.context).getWebServer().getPort() + "/admin";

            // 1. first build: nothing to compare with, published; its figures are the next model change's baseline
            JsonNode first = runToEnd(base, "full", false);
            assertThat(first.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(first.at("/gate/outcome").asText()).isEqualTo("first");
            String v1 = app.liveIndex();

            // 2. an equal rebuild passes, measured on both indexes through the product's search path
            JsonNode equal = runToEnd(base, "full", false);
            assertThat(equal.get("status").asText()).isEqualTo("COMPLETED");
            JsonNode gate = equal.get("gate");
            assertThat(gate.get("outcome").asText()).isEqualTo("passed");
            assertThat(gate.get("baseline").asText()).isEqualTo("measured");
            assertThat(gate.get("live").asText()).isEqualTo(v1);
            assertThat(gate.at("/sources/docs/canaries").asInt()).isEqualTo(20);
            assertThat(gate.at("/sources/docs/liveHits").asInt()).isGreaterThanOrEqualTo(18)
                    .isEqualTo(gate.at("/sources/docs/candidateHits").asInt());
            assertThat(gate.at("/sources/guides/canaries").asInt()).as("configured, not derived").isEqualTo(1);
            assertThat(gate.at("/sources/guides/candidateHits").asInt()).isEqualTo(1);
            String v2 = app.liveIndex();
            assertThat(v2).isNotEqualTo(v1);
            Map<String, List<String>> goodResults = results(app, prefix);
            Map<String, String> goodChunks = app.indexedChunks();

            // 3. half the documents truncated to a stub: the rebuild is refused and the old index stays live
            for (int i = 0; i < TOPICS.length; i += 2) {
                Files.writeString(docs.resolve("topic" + i + ".md"), "# Draft\n\nTo be written.\n");
            }
            JsonNode refused = runToEnd(base, "full", false);
            assertThat(refused.get("status").asText()).isEqualTo("FAILED");
            assertThat(app.liveIndex()).isEqualTo(v2);
            JsonNode why = refused.get("gate");
            assertThat(why.get("outcome").asText()).isEqualTo("failed");
            assertThat(why.at("/sources/docs/passed").asBoolean()).isFalse();
            assertThat(why.at("/sources/docs/candidateHits").asInt()).isLessThan(why.at("/sources/docs/liveHits").asInt());
            assertThat(why.at("/sources/guides/passed").asBoolean()).isTrue();
            assertThat(why.get("reason").asText()).startsWith("docs: candidate found").contains("live");
            List<JsonNode> lost = new java.util.ArrayList<>();
            why.get("failing").forEach(f -> {
                if (f.get("liveRank").asInt() > 0) {
                    lost.add(f);
                }
            });
            assertThat(lost).as("canaries live finds and the candidate does not").isNotEmpty().allSatisfy(f -> {
                int n = Integer.parseInt(f.get("target").asText().replaceAll("\\D", ""));
                assertThat(n % 2).as("only truncated documents are lost: %s", f).isZero();
            });
            assertThat(app.bean(MeterRegistry.class).get("docchat.indexer.gate").tag("outcome", "failed").counter().count()).isEqualTo(1);
            assertThat(results(app, prefix)).as("searches still see the old index").isEqualTo(goodResults);

            // 4. force publishes it anyway, and says so
            JsonNode forced = runToEnd(base, "full", true);
            assertThat(forced.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(forced.at("/gate/outcome").asText()).isEqualTo("forced");
            String v3 = app.liveIndex();
            assertThat(v3).isNotEqualTo(v2);
            assertThat(results(app, prefix)).isNotEqualTo(goodResults);

            // 5. rollback: the previous version and its search results are back
            HttpResponse<String> rollback = send("POST", base + "/rollback");
            assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
            assertThat(json.readTree(rollback.body()).get("live").asText()).isEqualTo(v2);
            assertThat(json.readTree(rollback.body()).has("warning")).isFalse();
            assertThat(app.liveIndex()).isEqualTo(v2);
            assertThat(app.indexedChunks()).isEqualTo(goodChunks);
            assertThat(results(app, prefix)).isEqualTo(goodResults);

            // 6. a model change (simulated: another model id, the same vectors) builds a new version; the live index
            //    cannot be searched with the new model's query vectors, so its recorded figures are the baseline
            for (int i = 0; i < TOPICS.length; i++) {
                Files.writeString(docs.resolve("topic" + i + ".md"), page(i));
            }
            try (IndexerApp changed = IndexerApp.start(prefix, props, "test/bge-variant")) {
                String changedBase = "http://127.0.0.1:" + ((WebServerApplicationContext) changed.context).getWebServer().getPort() + "/admin";
                JsonNode model = runToEnd(changedBase, "incremental", false);
                assertThat(model.get("status").asText()).isEqualTo("COMPLETED");
                assertThat(model.at("/gate/baseline").asText()).isEqualTo("recorded");
                assertThat(model.at("/gate/outcome").asText()).isEqualTo("passed");
                String v4 = changed.liveIndex();
                assertThat(changed.bean(IndexManager.class).specOf(v4).modelId()).isEqualTo("test/bge-variant");
                JsonNode versions = json.readTree(send("GET", changedBase + "/versions").body());
                assertThat(versions.get(0).get("index").asText()).isEqualTo(v4);
                assertThat(versions.get(0).get("live").asBoolean()).isTrue();
                assertThat(versions.get(0).get("gate").asText()).contains("rates");

                // rollback of the model change: the old model's version is live again, with a warning that the
                // indexer would rebuild with its own model unless it is set back
                HttpResponse<String> back = send("POST", changedBase + "/rollback");
                assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
                assertThat(json.readTree(back.body()).get("live").asText()).isEqualTo(v2);
                assertThat(json.readTree(back.body()).get("warning").asText()).contains("test/bge-variant", "set back");
                assertThat(results(app, prefix)).isEqualTo(goodResults);
            }
        }
    }

    private static String page(int i) {
        String[] t = TOPICS[i];
        return "# " + t[0] + "\n\n" + t[2] + "\n\n## " + t[1] + "\n\n" + t[1] + " is described here. " + t[2] + "\n";
    }

    /** Top documents through the product's search path on the alias, for three of the canaries' queries. */
    private static Map<String, List<String>> results(IndexerApp app, String alias) {
        ProductSearch search = new ProductSearch(app.es(), app.bean(SearchProperties.class));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i : new int[]{0, 2, 5}) {
            String q = TOPICS[i][1];
            boolean stems = io.docchat.elastic.EnglishStems.CONTRACT.equals(app.bean(IndexManager.class).meta(app.liveIndex()).get("stemming"));
            out.put(q, search.topDocuments(alias, q, TestServices.embedder().embedQuery(q), stems, 10));
        }
        return out;
    }

    /** Triggers a run through the admin API and returns it (as {@code GET /admin/runs} shows it) once it ended. */
    private JsonNode runToEnd(String base, String mode, boolean force) throws Exception {
        long before = json.readTree(send("GET", base + "/runs?limit=1").body()).path(0).path("id").asLong(0);
        HttpResponse<String> accepted = send("POST", base + "/runs?mode=" + mode + (force ? "&force=true" : ""));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode run = json.readTree(send("GET", base + "/runs?limit=1").body()).path(0);
            return run.path("id").asLong(0) > before && run.path("endedAt").isTextual() ? run : null;
        }, r -> r != null);
    }

    private HttpResponse<String> send(String method, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
