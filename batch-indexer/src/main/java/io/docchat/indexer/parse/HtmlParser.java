package io.docchat.indexer.parse;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * HTML: the main content only (main, article or role=main, else body) with navigation, headers, footers,
 * asides, forms, scripts and styles removed. Headings carry their {@code id} as the anchor.
 */
final class HtmlParser implements DocumentParser {

    private static final String NOISE = "script, style, noscript, template, nav, header, footer, aside, form, "
            + "iframe, svg, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]";
    private static final String BLOCKS = "h1, h2, h3, h4, h5, h6, p, pre, li, blockquote, table, dt, dd";
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");

    @Override
    public ParsedDocument parse(String location, byte[] content) {
        return parse(Jsoup.parse(new String(content, StandardCharsets.UTF_8)));
    }

    static ParsedDocument parse(Document doc) {
        doc.select(NOISE).remove();
        Element main = doc.selectFirst("main, article, [role=main]");
        if (main == null) {
            main = doc.body();
        }
        SectionBuilder sections = new SectionBuilder();
        for (Element e : main.select(BLOCKS + ", div")) {
            if (hasBlockAncestor(e, main)) {
                continue; // its text is part of the outer block already
            }
            String tag = e.normalName();
            if (tag.equals("div")) {
                // Generated docs often put text straight into divs; blocks inside are visited on their own.
                boolean hasBlocks = !e.select(BLOCKS + ", div").stream().filter(d -> d != e).toList().isEmpty();
                sections.block(hasBlocks ? inlineText(e) : e.text(), false, null, null);
                continue;
            }
            if (HEADINGS.contains(tag)) {
                sections.heading(tag.charAt(1) - '0', e.text(), anchorOf(e));
            } else if (tag.equals("pre")) {
                sections.block("```\n" + e.wholeText().stripTrailing() + "\n```", true, null, null);
            } else if (tag.equals("table")) {
                StringBuilder rows = new StringBuilder();
                e.select("tr").forEach(tr -> rows.append(String.join(" | ", tr.select("th, td").eachText())).append('\n'));
                sections.block(rows.toString(), false, null, null);
            } else {
                sections.block(e.text(), false, null, null);
            }
        }
        String title = doc.title().isBlank() ? sections.firstHeading() : doc.title();
        return new ParsedDocument(title, sections.sections(), null, null, null);
    }

    private static String anchorOf(Element heading) {
        if (!heading.id().isEmpty()) {
            return heading.id();
        }
        Element parent = heading.parent();
        return parent != null && parent.normalName().equals("section") && !parent.id().isEmpty() ? parent.id() : null;
    }

    /** The div's own text and inline children, without the blocks inside it. */
    private static String inlineText(Element div) {
        StringBuilder out = new StringBuilder();
        for (org.jsoup.nodes.Node n : div.childNodes()) {
            if (n instanceof org.jsoup.nodes.TextNode t) {
                out.append(t.text());
            } else if (n instanceof Element child && !child.is(BLOCKS + ", div") && child.select(BLOCKS + ", div").isEmpty()) {
                out.append(child.text());
            }
        }
        return out.toString().replaceAll("\\s+", " ");
    }

    private static boolean hasBlockAncestor(Element e, Element root) {
        for (Element p = e.parent(); p != null && p != root; p = p.parent()) {
            if (p.is(BLOCKS)) {
                return true;
            }
        }
        return false;
    }
}
