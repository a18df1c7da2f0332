package io.docchat.chat.view;

import io.docchat.chat.access.Viewer;
import io.docchat.chat.search.SearchUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * {@code GET /api/v1/source-view?chunk=}: the cited chunk's section for the source view page (web/view.html),
 * which citations of sources without a public URL open. Only chunks the caller may read; a chunk that does not
 * exist and one the caller may not read are the same 404, so the page tells nobody what they cannot see.
 */
@RestController
@Tag(name = "sources", description = "The cited passage in its section, for sources published nowhere else")
class SourceViewController {

    /** Chunk ids are {@code {source}:{location}#{n}}; a location is a path or URL, far below this. */
    static final int MAX_ID = 2048;

    private final SourceSections sections;

    SourceViewController(SourceSections sections) {
        this.sections = sections;
    }

    @GetMapping(path = "/api/v1/source-view", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The section of a document around a cited chunk, that chunk marked",
            description = "Only chunks the caller may read. 404 when the chunk does not exist or is not the caller's to read.")
    SourceSection view(@Parameter(description = "the cited chunk's id, {docId}#{n}, as the search and chat APIs give it")
                       @RequestParam(name = "chunk", required = false) String chunk, Authentication auth) {
        String id = valid(chunk);
        String docId = id.substring(0, id.lastIndexOf('#'));
        return sections.of(docId, id, Viewer.of(auth)).orElseThrow(() -> problem(HttpStatus.NOT_FOUND,
                "no passage " + clip(id) + " that you may read", "passage-not-found"));
    }

    private static String valid(String chunk) {
        if (chunk == null || chunk.isBlank()) {
            throw problem(HttpStatus.BAD_REQUEST, "'chunk' is required: a chunk id, {docId}#{n}", "invalid-chunk");
        }
        if (chunk.length() > MAX_ID) {
            throw problem(HttpStatus.BAD_REQUEST, "'chunk' is longer than " + MAX_ID + " characters", "invalid-chunk");
        }
        int hash = chunk.lastIndexOf('#');
        if (hash <= 0 || hash == chunk.length() - 1 || !chunk.substring(hash + 1).matches("\\d{1,9}")
                || chunk.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw problem(HttpStatus.BAD_REQUEST, "'chunk' must be a chunk id, {docId}#{n}, was '" + clip(chunk) + "'",
                    "invalid-chunk");
        }
        return chunk;
    }

    private static String clip(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "\uFFFD");
        return printable.length() > 120 ? printable.substring(0, 120) + "…" : printable;
    }

    private static ErrorResponseException problem(HttpStatus status, String detail, String type) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://docchat.io/problems/" + type));
        return new ErrorResponseException(status, p, null);
    }

    @ExceptionHandler(SearchUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(SearchUnavailableException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "the index does not answer now");
        p.setType(URI.create("https://docchat.io/problems/search-unavailable"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
