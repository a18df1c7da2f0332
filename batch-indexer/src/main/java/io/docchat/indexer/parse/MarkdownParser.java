package io.docchat.indexer.parse;

import org.commonmark.Extension;
import org.commonmark.ext.front.matter.YamlFrontMatterExtension;
import org.commonmark.ext.front.matter.YamlFrontMatterVisitor;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;
import org.jsoup.Jsoup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Markdown (CommonMark + GFM tables) with YAML front matter; MDX is read as Markdown after dropping its
 * import/export lines, and JSX tags are reduced to their text.
 */
final class MarkdownParser implements DocumentParser {

    private static final List<Extension> EXTENSIONS = List.of(YamlFrontMatterExtension.create(), TablesExtension.create());
    private static final Pattern MDX_MODULE_LINE = Pattern.compile("(?m)^(import|export)\\s.*$");

    private final Parser parser = Parser.builder().extensions(EXTENSIONS).includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
    private final TextContentRenderer text = TextContentRenderer.builder().extensions(EXTENSIONS).build();
    private final boolean mdx;

    MarkdownParser(boolean mdx) {
        this.mdx = mdx;
    }

    @Override
    public ParsedDocument parse(String location, byte[] content) {
        String source = new String(content, StandardCharsets.UTF_8);
        if (mdx) {
            // Blank the lines instead of removing them, so line numbers in deep links stay right.
            source = MDX_MODULE_LINE.matcher(source).replaceAll("");
        }
        Node document = parser.parse(source);
        YamlFrontMatterVisitor frontMatter = new YamlFrontMatterVisitor();
        document.accept(frontMatter);
        Map<String, List<String>> meta = frontMatter.getData();

        SectionBuilder sections = new SectionBuilder();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            Integer line = node.getSourceSpans().isEmpty() ? null : node.getSourceSpans().get(0).getLineIndex() + 1;
            switch (node) {
                case Heading h -> sections.heading(h.getLevel(), plain(h), null);
                case FencedCodeBlock c -> sections.block(fence(c.getInfo(), c.getLiteral()), true, line, null);
                // a table stays a Markdown table, kept whole like code: as prose its rows ran into one line
                case TableBlock t -> sections.block(table(t), true, line, null);
                case IndentedCodeBlock c -> sections.block(c.getLiteral(), true, line, null);
                case HtmlBlock h -> sections.block(Jsoup.parse(h.getLiteral()).text(), false, line, null);
                default -> {
                    if (!(node instanceof org.commonmark.ext.front.matter.YamlFrontMatterBlock)) {
                        sections.block(text.render(node), false, line, null);
                    }
                }
            }
        }
        String title = first(meta, "title");
        return new ParsedDocument(title != null ? title : sections.firstHeading(), sections.sections(),
                first(meta, "product"), first(meta, "version"), meta.getOrDefault("tags", List.of()));
    }

    private static String fence(String info, String literal) {
        String lang = info == null ? "" : info.strip();
        return "```" + lang + "\n" + literal.stripTrailing() + "\n```";
    }

    /** A GFM table as Markdown: a header row, the delimiter row, the body rows; cells with inline code kept. */
    static String table(TableBlock table) {
        StringBuilder out = new StringBuilder();
        int columns = 0;
        for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
            for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                StringBuilder line = new StringBuilder("|");
                int cells = 0;
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    StringBuilder content = new StringBuilder();
                    appendInline(cell, content);
                    line.append(' ').append(content.toString().strip().replace("|", "\\|")).append(" |");
                    cells++;
                }
                out.append(out.isEmpty() ? "" : "\n").append(line);
                if (part instanceof TableHead) {
                    columns = cells;
                    out.append("\n|").append(" --- |".repeat(Math.max(1, columns)));
                }
            }
        }
        return out.toString();
    }

    private static void appendInline(Node node, StringBuilder out) {
        for (Node c = node.getFirstChild(); c != null; c = c.getNext()) {
            switch (c) {
                case Text t -> out.append(t.getLiteral());
                case Code code -> out.append('`').append(code.getLiteral()).append('`');
                case SoftLineBreak b -> out.append(' ');
                default -> appendInline(c, out);
            }
        }
    }

    /** Heading text without markup (inline code kept as its literal). */
    private static String plain(Node heading) {
        StringBuilder out = new StringBuilder();
        appendText(heading, out);
        return out.toString();
    }

    private static void appendText(Node node, StringBuilder out) {
        for (Node c = node.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof Text t) {
                out.append(t.getLiteral());
            } else if (c instanceof Code code) {
                out.append(code.getLiteral());
            } else {
                appendText(c, out);
            }
        }
    }

    private static String first(Map<String, List<String>> meta, String key) {
        List<String> values = meta.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
