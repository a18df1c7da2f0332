package io.docchat.chat.view;

import java.util.List;

/**
 * What the source view page shows: the cited chunk's section of its document, as the index holds it, only the
 * chunks the caller may read.
 *
 * @param docId      the document
 * @param title      the document's title
 * @param source     the source's name
 * @param location   where the document lives in its source (a path or URL)
 * @param section    the heading path the section shares (empty: the document has no headings)
 * @param cited      the chunk the link cites, highlighted by the page
 * @param passages   the section's chunks in document order
 * @param earlier    whether the document has readable chunks of this section before the first one shown
 * @param later      whether it has such chunks after the last one shown
 */
record SourceSection(String docId, String title, String source, String location, String section, String cited,
                     List<Passage> passages, boolean earlier, boolean later) {

    /** One chunk: its id, number, heading path and text (Markdown as the indexer kept it), line or page. */
    record Passage(String chunkId, int n, String headingPath, String text, Integer line, Integer page, boolean cited) {
    }
}
