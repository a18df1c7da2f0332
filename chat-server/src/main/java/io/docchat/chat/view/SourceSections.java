package io.docchat.chat.view;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.docchat.chat.access.ReadableChunks;
import io.docchat.chat.access.Viewer;
import io.docchat.chat.search.SearchUnavailableException;
import io.docchat.elastic.ChunkDocument;
import io.docchat.elastic.IndexManager;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a cited chunk's section from the live index: the document's chunks in order, kept only where the caller
 * may read them now ({@link ReadableChunks}, the check that guards past answers' citations), then the run of
 * chunks around the cited one that share its first {@link #SECTION_DEPTH} headings, at most {@link #AROUND} on
 * either side. A chunk the caller may not read is as absent as one that does not exist: both are "not found".
 */
@Component
class SourceSections {

    /** Headings that make a section: the title and the chapter ("Guide > Install"), not every sub-heading. */
    static final int SECTION_DEPTH = 2;
    /** Chunks shown on either side of the cited one (a chunk is up to 320 tokens: about 8 pages either way). */
    static final int AROUND = 12;
    /** The most chunks of one document read (a 1,000-chunk document is a book of 300,000 tokens). */
    static final int MAX_CHUNKS = 1000;

    private final IndexManager indexes;
    private final ReadableChunks readable;

    SourceSections(IndexManager indexes, ReadableChunks readable) {
        this.indexes = indexes;
        this.readable = readable;
    }

    /** The section of {@code chunkId} as {@code viewer} may see it; empty when it is missing or not theirs to read. */
    Optional<SourceSection> of(String docId, String chunkId, Viewer viewer) {
        List<ChunkDocument> chunks = load(docId);
        Map<String, ReadableChunks.Access> access = readable.check(chunks.stream().map(ChunkDocument::id).toList(), viewer);
        List<ChunkDocument> visible = chunks.stream()
                .filter(c -> access.get(c.id()) == ReadableChunks.Access.READABLE).toList();
        int at = -1;
        for (int i = 0; i < visible.size(); i++) {
            if (visible.get(i).id().equals(chunkId)) {
                at = i;
            }
        }
        if (at < 0) {
            return Optional.empty();
        }
        ChunkDocument cited = visible.get(at);
        List<String> section = section(cited.headingPath());
        int from = at;
        while (from > 0 && at - from < AROUND && section(visible.get(from - 1).headingPath()).equals(section)) {
            from--;
        }
        int to = at;
        while (to < visible.size() - 1 && to - at < AROUND && section(visible.get(to + 1).headingPath()).equals(section)) {
            to++;
        }
        List<SourceSection.Passage> passages = new ArrayList<>();
        for (ChunkDocument c : visible.subList(from, to + 1)) {
            passages.add(new SourceSection.Passage(c.id(), c.chunkNo(), c.headingPath(), c.text(), c.line(), c.page(),
                    c.id().equals(chunkId)));
        }
        boolean earlier = from > 0 && section(visible.get(from - 1).headingPath()).equals(section);
        boolean later = to < visible.size() - 1 && section(visible.get(to + 1).headingPath()).equals(section);
        return Optional.of(new SourceSection(cited.docId(), cited.title(), cited.source(), cited.location(),
                String.join(" > ", section), chunkId, passages, earlier, later));
    }

    static List<String> section(String headingPath) {
        if (headingPath == null || headingPath.isBlank()) {
            return List.of();
        }
        List<String> parts = Arrays.stream(headingPath.split(" > ")).map(String::strip).toList();
        return parts.subList(0, Math.min(SECTION_DEPTH, parts.size()));
    }

    private List<ChunkDocument> load(String docId) {
        SearchResponse<ChunkDocument> response;
        try {
            response = indexes.client().search(s -> s.index(indexes.names().readAlias())
                    .query(q -> q.term(t -> t.field("doc_id").value(docId)))
                    .sort(o -> o.field(f -> f.field("chunk_no").order(SortOrder.Asc)))
                    .size(MAX_CHUNKS).trackTotalHits(t -> t.enabled(false)), ChunkDocument.class);
        } catch (IOException | RuntimeException e) {
            throw new SearchUnavailableException("cannot read the document now: " + e.getMessage(), e);
        }
        return response.hits().hits().stream().map(Hit::source).filter(Objects::nonNull).toList();
    }
}
