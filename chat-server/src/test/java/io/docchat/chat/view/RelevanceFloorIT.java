package io.docchat.chat.view;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relevance floor against a real server (real Elasticsearch, embedding model, PostgreSQL and Redis):
 * nonsense gets no hits in search and "nothing relevant" in chat, while real questions, paraphrases and a rare
 * identifier still find their passage.
 */
class RelevanceFloorIT {

    private static SourceViewStack stack;

    @BeforeAll
    static void start() {
        stack = SourceViewStack.get();
    }

    private static JsonNode search(String q) {
        SourceViewStack.Reply r = stack.get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null);
        assertThat(r.status()).as(q).isEqualTo(200);
        return r.json().path("hits");
    }

    @Test
    void nonsenseFindsNothingInSearch() {
        for (String q : List.of("\u0001\u0002\u0003\u0007\u001b", "\u0000\u0000", "§$%&/()=?", "qzxvbw ptkrml jjjf",
                "banana violin helicopter", "umbrella giraffe pancake saxophone")) {
            assertThat(search(q)).as("'%s'", q).isEmpty();
        }
    }

    @Test
    void realQuestionsParaphrasesAndIdentifiersStillFindTheirPassage() {
        assertThat(search("How long do requests wait before they time out?").get(0).path("chunkId").asText())
                .startsWith("guide:guide.md#");
        assertThat(search("HERON_TIMEOUT").get(0).path("chunkId").asText()).isEqualTo("guide:guide.md#4");
        assertThat(search("albatross").get(0).path("chunkId").asText()).isEqualTo("web:published.md#0");
        assertThat(search("which port does the server listen on").get(0).path("chunkId").asText()).isEqualTo("guide:guide.md#1");
        // single words sit below the vector floor (BGE-small puts one word far from any passage) and are found by
        // their word: "keys" scored 0.80 against a passage on rotating keys, "replicas" 0.72 (Cos probe, 2026-12-06)
        assertThat(search("pelican").get(0).path("chunkId").asText()).startsWith("mixed:notes.md#");
        assertThat(search("cormorant").get(0).path("chunkId").asText()).isEqualTo("long:manual.md#6");
    }

    @Test
    void nonsenseInChatIsAnsweredWithNothingRelevantAndNoSources() {
        SourceViewStack.Reply chat = stack.chat("\u0001\u0002 qzxvbw ptkrml \u0007", null);
        assertThat(chat.status()).isEqualTo(200);
        assertThat(chat.json().path("answer").asText()).startsWith("Nothing relevant found");
        assertThat(chat.json().path("sources")).isEmpty();
        SourceViewStack.Reply real = stack.chat("How do I start the server?", null);
        assertThat(real.json().path("answer").asText()).startsWith("**Extractive answer**").contains("bin/server");
    }
}
