package io.docchat.indexer.parse;

import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.ast.Document;
import org.jsoup.Jsoup;

import java.nio.charset.StandardCharsets;

/**
 * AsciiDoc through AsciidoctorJ: converted to HTML in SECURE mode (no includes, no file access) and then
 * read like HTML, so sections keep Asciidoctor's own anchor ids. JRuby starts once, on first use (seconds).
 */
final class AsciidocParser implements DocumentParser {

    private volatile Asciidoctor asciidoctor;

    @Override
    public ParsedDocument parse(String location, byte[] content) {
        String source = new String(content, StandardCharsets.UTF_8);
        Asciidoctor engine = engine();
        Options options = Options.builder().safe(SafeMode.SECURE).standalone(false).build();
        Document doc = engine.load(source, options);
        String html = doc.convert();
        ParsedDocument parsed = HtmlParser.parse(Jsoup.parseBodyFragment(html));
        String title = doc.getDoctitle() != null ? Jsoup.parse(doc.getDoctitle()).text() : parsed.title();
        return new ParsedDocument(title, parsed.sections(), attribute(doc, "product"), attribute(doc, "version"), null);
    }

    private static String attribute(Document doc, String name) {
        Object v = doc.getAttribute(name);
        return v == null ? null : v.toString();
    }

    private Asciidoctor engine() {
        if (asciidoctor == null) {
            synchronized (this) {
                if (asciidoctor == null) {
                    asciidoctor = Asciidoctor.Factory.create();
                }
            }
        }
        return asciidoctor;
    }
}
