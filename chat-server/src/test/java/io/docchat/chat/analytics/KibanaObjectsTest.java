package io.docchat.chat.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kibana saved objects over the analytics data stream (ops/kibana) against the stream's index template:
 * every field a visualization aggregates on or filters by exists in the mapping, and aggregations use fields
 * that can be aggregated (not analysed text). The mapping is strict, so events carry exactly these fields.
 */
class KibanaObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OBJECTS = Path.of("..", "ops", "kibana", "docchat-saved-objects.ndjson");
    private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z_@][\\w.@]*)\\s*:");
    private static final Set<String> AGGREGATABLE = Set.of("keyword", "date", "double", "float", "integer", "long", "boolean");

    @Test
    void everyFieldTheAnalyticsVisualizationsUseIsMappedAndAggregatable() throws Exception {
        Map<String, String> mapping = new HashMap<>();
        flatten("", AnalyticsTemplate.read(AnalyticsTemplate.TEMPLATE).path("template").path("mappings").path("properties"), mapping);
        assertThat(mapping).containsKeys("@timestamp", "query.keyword", "sources", "model", "cost_usd", "feedback.rating");

        List<JsonNode> objects = new ArrayList<>();
        for (String line : Files.readAllLines(OBJECTS)) {
            if (!line.isBlank()) {
                objects.add(JSON.readTree(line));
            }
        }
        JsonNode dataView = objects.stream().filter(o -> "docchat-analytics".equals(o.path("id").asText())).findFirst().orElseThrow();
        assertThat(dataView.path("attributes").path("title").asText()).isEqualTo("docchat-analytics");
        assertThat(mapping).containsKey(dataView.path("attributes").path("timeFieldName").asText());

        List<JsonNode> visualizations = objects.stream().filter(o -> "visualization".equals(o.path("type").asText())
                && o.path("references").toString().contains("\"docchat-analytics\"")).toList();
        assertThat(visualizations).extracting(v -> v.path("attributes").path("title").asText())
                .contains("DocChat: top questions", "DocChat: content gaps", "DocChat: thumbs-down by source and day",
                        "DocChat: cost by model and day");
        for (JsonNode v : visualizations) {
            String title = v.path("attributes").path("title").asText();
            JsonNode state = JSON.readTree(v.path("attributes").path("visState").asText());
            for (JsonNode agg : state.path("aggs")) {
                String field = agg.path("params").path("field").asText(null);
                if (field != null) {
                    assertThat(mapping).as("%s aggregates on %s", title, field).containsKey(field);
                    assertThat(AGGREGATABLE).as("%s aggregates on %s (%s)", title, field, mapping.get(field)).contains(mapping.get(field));
                }
            }
            String query = JSON.readTree(v.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText())
                    .path("query").path("query").asText();
            Matcher m = KQL_FIELD.matcher(query);
            while (m.find()) {
                assertThat(mapping).as("%s filters on %s", title, m.group(1)).containsKey(m.group(1));
            }
        }

        JsonNode dashboard = objects.stream().filter(o -> "docchat-analytics-dashboard".equals(o.path("id").asText())).findFirst().orElseThrow();
        Set<String> ids = new HashSet<>();
        objects.forEach(o -> ids.add(o.path("id").asText()));
        for (JsonNode ref : dashboard.path("references")) {
            assertThat(ids).as("dashboard panel %s", ref).contains(ref.path("id").asText());
        }
        assertThat(dashboard.path("references")).hasSize(4);
    }

    @Test
    void theMappingHoldsNoRawUserIdAndKeepsQuestionTextApartFromItsKeyword() throws Exception {
        Map<String, String> mapping = new HashMap<>();
        flatten("", AnalyticsTemplate.read(AnalyticsTemplate.TEMPLATE).path("template").path("mappings").path("properties"), mapping);
        assertThat(mapping).doesNotContainKey("user.id").containsEntry("query", "text").containsEntry("query.keyword", "keyword")
                .containsEntry("user.hash", "keyword");
    }

    /** field path → type, objects descended into, multi-fields as {@code field.sub}; text fields stay as text. */
    private static void flatten(String prefix, JsonNode properties, Map<String, String> out) {
        properties.properties().forEach(e -> {
            String name = prefix + e.getKey();
            JsonNode def = e.getValue();
            if (def.has("properties")) {
                flatten(name + ".", def.path("properties"), out);
                return;
            }
            out.put(name, def.path("type").asText());
            def.path("fields").properties().forEach(f -> out.put(name + "." + f.getKey(), f.getValue().path("type").asText()));
        });
    }
}
