package io.docchat.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnglishStemsTest {

    @Test
    void stemsLowerCasesDropsStopWordsAndPossessivesAndJoinsThePartsInOrder() {
        assertThat(EnglishStems.of("Configuring the JVM's heap", null, "", "Running caches are flushed"))
                .isEqualTo("configur jvm heap run cach flush");
        // query and passage meet on the stem
        assertThat(EnglishStems.of("configure caching")).isEqualTo("configur cach");
        assertThat(EnglishStems.of("the of and")).isEmpty();
        assertThat(EnglishStems.CONTRACT).startsWith("lucene-english-9.12");
    }

    @Test
    void aChunkIsWrittenWithItsStemsAndReadBackWithout() throws Exception {
        ChunkDocument chunk = new ChunkDocument("d", 0, "s", "l", null, null, null, null, "Backups", "Ops",
                "Snapshots are taken nightly", null, null, null, null, 3, null, null, null);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        JsonNode written = json.valueToTree(chunk);
        assertThat(written.get("stems").asText()).isEqualTo("backup op snapshot taken nightli");
        assertThat(json.treeToValue(written, ChunkDocument.class)).isEqualTo(chunk);
    }
}
