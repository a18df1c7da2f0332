package io.docchat.indexer.parse;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.util.List;

/** PDF through PDFBox: text page by page, so every block keeps its page number for citations. */
final class PdfParser implements DocumentParser {

    @Override
    public ParsedDocument parse(String location, byte[] content) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(content)) {
            if (pdf.isEncrypted()) {
                throw new IOException("encrypted PDF");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            SectionBuilder sections = new SectionBuilder();
            for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                for (String paragraph : TextParser.paragraphs(stripper.getText(pdf))) {
                    sections.block(paragraph.replaceAll("\\s*\\n\\s*", " "), false, null, page);
                }
            }
            String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
            return new ParsedDocument(title, sections.sections(), null, null, List.of());
        }
    }
}
