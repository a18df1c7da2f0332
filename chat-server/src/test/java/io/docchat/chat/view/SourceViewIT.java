package io.docchat.chat.view;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Citation links and the source view page against a real server (real Elasticsearch, PostgreSQL, Redis and
 * embedding model; no LLM, so answers are extractive): a source published nowhere links to the view page, which
 * shows the cited chunk's section and only what the caller may read; a published source links out.
 */
class SourceViewIT {

    private static SourceViewStack stack;

    @BeforeAll
    static void start() {
        stack = SourceViewStack.get();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode hitFor(JsonNode hits, String chunkId) {
        for (JsonNode h : hits) {
            if (h.path("chunkId").asText().equals(chunkId)) {
                return h;
            }
        }
        throw new AssertionError(chunkId + " not among " + hits);
    }

    private static List<String> ids(JsonNode passages) {
        List<String> out = new ArrayList<>();
        passages.forEach(p -> out.add(p.path("chunkId").asText()));
        return out;
    }

    @Test
    void aSearchHitOfAnUnpublishedSourceLinksToTheViewPageWhichShowsItsSectionWithThePassageMarked() {
        SourceViewStack.Reply search = stack.get("/api/v1/search?q=" + enc("heron gateway timeout upstream"), null);
        assertThat(search.status()).isEqualTo(200);
        JsonNode hit = hitFor(search.json().path("hits"), "guide:guide.md#3");
        String link = hit.path("link").asText();
        assertThat(link).isEqualTo(stack.publicBase() + "/view.html?chunk=" + enc("guide:guide.md#3"));

        // the link opens: the page itself, then the section it loads from the API
        SourceViewStack.Reply page = stack.get(link.replace(stack.publicBase(), stack.base()), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"/view.js\"></script>");
        SourceViewStack.Reply view = stack.get("/api/v1/source-view?chunk=" + enc("guide:guide.md#3"), null);
        assertThat(view.status()).isEqualTo(200);
        JsonNode v = view.json();
        assertThat(v.path("docId").asText()).isEqualTo("guide:guide.md");
        assertThat(v.path("section").asText()).isEqualTo("Guide > Configure");
        // the section: "Configure" and its sub-section, not "Install" or "Upgrade"
        assertThat(ids(v.path("passages"))).containsExactly("guide:guide.md#2", "guide:guide.md#3", "guide:guide.md#4");
        assertThat(v.path("passages").get(1).path("cited").asBoolean()).isTrue();
        assertThat(v.path("passages").get(0).path("cited").asBoolean()).isFalse();
        assertThat(v.path("passages").get(2).path("text").asText()).startsWith("| setting | default |\n| --- | --- |");
        assertThat(v.path("passages").get(1).path("line").asInt()).isEqualTo(21);
    }

    @Test
    void aPublishedSourceLinksToItsPageWithTheHeadingAnchor() {
        SourceViewStack.Reply search = stack.get("/api/v1/search?q=" + enc("how long does the albatross cache keep answers"), null);
        JsonNode hit = hitFor(search.json().path("hits"), "web:published.md#0");
        assertThat(hit.path("link").asText()).isEqualTo(SourceViewStack.PUBLISHED + "#caching");
    }

    @Test
    void theViewPageShowsNoChunkTheCallerMayNotRead() {
        String secret = enc("runbook:ops.md#0");
        SourceViewStack.Reply anonymous = stack.get("/api/v1/source-view?chunk=" + secret, null);
        SourceViewStack.Reply unknown = stack.get("/api/v1/source-view?chunk=" + enc("runbook:nothing.md#0"), null);
        assertThat(anonymous.status()).isEqualTo(404);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.body()).doesNotContain("ENGSECRET41").doesNotContain("kestrel");
        // a forbidden chunk and a missing one answer alike: the page says nothing of what exists
        assertThat(anonymous.json().path("title").asText()).isEqualTo(unknown.json().path("title").asText());
        assertThat(anonymous.json().path("type").asText()).isEqualTo(unknown.json().path("type").asText());

        SourceViewStack.Reply engineer = stack.get("/api/v1/source-view?chunk=" + secret, SourceViewStack.engineer());
        assertThat(engineer.status()).isEqualTo(200);
        assertThat(engineer.body()).contains("ENGSECRET41");

        // within one document: the public caller sees the public chunks around the hidden one, never it
        SourceViewStack.Reply mixed = stack.get("/api/v1/source-view?chunk=" + enc("mixed:notes.md#0"), null);
        assertThat(mixed.status()).isEqualTo(200);
        assertThat(ids(mixed.json().path("passages"))).containsExactly("mixed:notes.md#0", "mixed:notes.md#2");
        assertThat(mixed.body()).doesNotContain("ENGSECRET42");
        assertThat(stack.get("/api/v1/source-view?chunk=" + enc("mixed:notes.md#1"), null).status()).isEqualTo(404);
        SourceViewStack.Reply mixedEngineer = stack.get("/api/v1/source-view?chunk=" + enc("mixed:notes.md#0"),
                SourceViewStack.engineer());
        assertThat(ids(mixedEngineer.json().path("passages")))
                .containsExactly("mixed:notes.md#0", "mixed:notes.md#1", "mixed:notes.md#2");
    }

    @Test
    void unknownDocumentsAre404AndMalformedIdsAre400AsProblemJson() {
        SourceViewStack.Reply unknown = stack.get("/api/v1/source-view?chunk=" + enc("nosuch:doc.md#0"), null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().path("status").asInt()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asText()).contains("nosuch:doc.md#0");
        for (String bad : List.of("", "no-number", "doc#", "doc#x", "#3", "doc\u0000#1")) {
            SourceViewStack.Reply r = stack.get("/api/v1/source-view?chunk=" + enc(bad), null);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).as(bad).startsWith("application/problem+json");
            assertThat(r.json().path("detail").asText()).as(bad).contains("'chunk'");
        }
        assertThat(stack.get("/api/v1/source-view", null).status()).isEqualTo(400);
        assertThat(stack.get("/api/v1/source-view?chunk=" + "a".repeat(3000) + "%231", null).status()).isEqualTo(400);
    }

    @Test
    void anOfflineAnswerSaysWhatTheDocumentationSaysWithTheTableAsMarkdownAndCitationsThatOpen() {
        SourceViewStack.Reply chat = stack.chat("What embedding model does DocChat use by default?", null);
        assertThat(chat.status()).isEqualTo(200);
        String answer = chat.json().path("answer").asText();
        assertThat(answer).startsWith("**Extractive answer**").contains("BGE-small-en-v1.5")
                .contains("| setting | environment variable | default |\n| --- | --- | --- |\n| Embedder |")
                .doesNotContain("curl").doesNotContain("DOCCHAT_INDEX");
        JsonNode first = chat.json().path("sources").get(0);
        assertThat(first.path("chunkId").asText()).isEqualTo("readme:README.md#1");
        assertThat(first.path("link").asText()).isEqualTo(stack.publicBase() + "/view.html?chunk=" + enc("readme:README.md#1"));
        assertThat(stack.get("/api/v1/source-view?chunk=" + enc("readme:README.md#1"), null).status()).isEqualTo(200);
    }
}
