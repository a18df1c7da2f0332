package io.docchat.indexer.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParsersTest {

    private final Parsers parsers = new Parsers();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void markdownKeepsFrontMatterHeadingsLinesAndWholeCodeBlocks() throws Exception {
        String md = """
                ---
                title: Setup guide
                product: docchat
                tags:
                  - ops
                ---
                # Setup

                Intro text.

                ## Run it `now`

                Start the server.

                ```bash
                ./run.sh
                ```
                """;
        ParsedDocument doc = parsers.parse("docs/setup.md", utf8(md));

        assertThat(doc.title()).isEqualTo("Setup guide");
        assertThat(doc.product()).isEqualTo("docchat");
        assertThat(doc.tags()).containsExactly("ops");
        assertThat(doc.sections()).hasSize(2);
        ParsedDocument.Section run = doc.sections().get(1);
        assertThat(run.headingPath()).containsExactly("Setup", "Run it now");
        assertThat(run.anchor()).isEqualTo("run-it-now");
        assertThat(run.blocks().get(0).line()).isEqualTo(13);
        assertThat(run.blocks().get(1).code()).isTrue();
        assertThat(run.blocks().get(1).text()).isEqualTo("```bash\n./run.sh\n```");
    }

    @Test
    void markdownTablesStayMarkdownTablesKeptWholeLikeCode() throws Exception {
        String md = """
                # API

                | route | what it does |
                |---|---|
                | `GET /api/v1/search` | hybrid search, a\\|b |
                | `POST /api/v1/chat` | answers with **citations** |
                """;
        ParsedDocument doc = parsers.parse("README.md", utf8(md));

        ParsedDocument.Block table = doc.sections().get(0).blocks().get(0);
        assertThat(table.code()).as("not split into sentences by the chunker").isTrue();
        assertThat(table.line()).isEqualTo(3);
        assertThat(table.text()).isEqualTo("""
                | route | what it does |
                | --- | --- |
                | `GET /api/v1/search` | hybrid search, a\\|b |
                | `POST /api/v1/chat` | answers with citations |""");
    }

    @Test
    void mdxDropsImportsAndReadsTheRestAsMarkdown() throws Exception {
        String mdx = "import Tabs from '@theme/Tabs';\n\n# Title\n\nSome text.\n";
        ParsedDocument doc = parsers.parse("a.mdx", utf8(mdx));
        assertThat(doc.sections()).hasSize(1);
        assertThat(doc.sections().get(0).blocks()).extracting(ParsedDocument.Block::text).containsExactly("Some text.");
    }

    @Test
    void htmlKeepsMainContentAndDropsNavigationAndScripts() throws Exception {
        String html = """
                <html><head><title>Page</title><script>var x = 'secret';</script></head><body>
                <nav><a href="/">Home</a> Menu entry</nav>
                <main><h1 id="top">Top</h1><p>Main paragraph.</p><pre>code line</pre>
                <h2 id="more">More</h2><ul><li>Item <p>nested</p></li></ul></main>
                <footer>Copyright</footer></body></html>
                """;
        ParsedDocument doc = parsers.parse("p.html", utf8(html));
        String all = doc.sections().toString();
        assertThat(doc.title()).isEqualTo("Page");
        assertThat(all).contains("Main paragraph.", "code line", "Item nested").doesNotContain("Menu entry", "secret", "Copyright");
        assertThat(doc.sections().get(1).anchor()).isEqualTo("more");
        assertThat(doc.sections().get(1).blocks()).hasSize(1);
    }

    @Test
    void htmlKeepsTextThatSitsDirectlyInDivsOnce() throws Exception {
        String html = "<body><div class=\"content\">Loose text <b>here</b>.<div>Inner div text.</div><p>Para.</p></div></body>";
        ParsedDocument doc = parsers.parse("d.html", utf8(html));
        assertThat(doc.sections().get(0).blocks()).extracting(ParsedDocument.Block::text)
                .containsExactly("Loose text here.", "Inner div text.", "Para.");
    }

    @Test
    void asciidocKeepsSectionsWithTheirIds() throws Exception {
        String adoc = "= Manual\n\n== Install\n\nRun the installer.\n\n----\nmake install\n----\n";
        ParsedDocument doc = parsers.parse("m.adoc", utf8(adoc));
        assertThat(doc.title()).isEqualTo("Manual");
        ParsedDocument.Section install = doc.sections().stream().filter(s -> s.headingPath().contains("Install")).findFirst().orElseThrow();
        assertThat(install.anchor()).isEqualTo("_install");
        assertThat(install.blocks()).anySatisfy(b -> assertThat(b.code()).isTrue());
    }

    @Test
    void pdfKeepsPageNumbers() throws Exception {
        ParsedDocument doc = parsers.parse("a.pdf", io.docchat.indexer.TestDocs.pdf("First page text.", "Second page text."));
        List<ParsedDocument.Block> blocks = doc.sections().get(0).blocks();
        assertThat(blocks).extracting(ParsedDocument.Block::page).containsExactly(1, 2);
        assertThat(blocks.get(1).text()).isEqualTo("Second page text.");
    }

    @Test
    void textKeepsParagraphLines() throws Exception {
        ParsedDocument doc = parsers.parse("a.txt", utf8("one\ntwo\n\n\nthree\n"));
        assertThat(doc.sections().get(0).blocks()).extracting(ParsedDocument.Block::line).containsExactly(1, 5);
    }

    @Test
    void unusableFilesAreRefusedWithAReason() {
        assertThatThrownBy(() -> parsers.parse("e.md", new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> parsers.parse("b.md", new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 1})).hasMessageContaining("binary");
        assertThatThrownBy(() -> parsers.parse("l.txt", new byte[]{'a', (byte) 0xff, (byte) 0xfe, 'b'})).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> parsers.parse("c.pdf", utf8("%PDF-1.7 this is not really a pdf"))).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> parsers.parse("w.md", utf8("\n\n   \n"))).hasMessageContaining("no text");
        assertThatThrownBy(() -> parsers.parse("x.docx", utf8("hello"))).hasMessageContaining("unsupported");
    }
}
