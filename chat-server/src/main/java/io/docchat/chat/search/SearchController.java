package io.docchat.chat.search;

import io.docchat.chat.access.Viewer;
import io.docchat.chat.analytics.AnalyticsEvents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;

/** {@code GET|POST /api/v1/search}: validated first, then hybrid search over what the caller may read. */
@RestController
@RequestMapping(path = "/api/v1/search", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "search", description = "Hybrid (BM25 + vector) search over the documentation chunks")
class SearchController {

    static final String API = "search";

    private final SearchService search;
    private final QueryMetrics metrics;
    private final SearchRequests requests;
    private final int maxBodyBytes;
    private final AnalyticsEvents analytics;

    SearchController(SearchService search, QueryMetrics metrics, SearchProperties props, AnalyticsEvents analytics) {
        this.search = search;
        this.analytics = analytics;
        this.metrics = metrics;
        this.requests = new SearchRequests(props.candidates());
        this.maxBodyBytes = props.maxBodyBytes();
    }

    @GetMapping
    @Operation(summary = "Search with query parameters",
            parameters = {
                    @Parameter(name = "q", in = ParameterIn.QUERY, description = "query text, 1..1000 characters",
                            required = true, schema = @Schema(type = "string", maxLength = 1000)),
                    @Parameter(name = "k", in = ParameterIn.QUERY, description = "hits per page, 1..50 (default 10)",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "50", defaultValue = "10")),
                    @Parameter(name = "offset", in = ParameterIn.QUERY, description = "hits to skip (default 0)",
                            schema = @Schema(type = "integer", minimum = "0", defaultValue = "0")),
                    @Parameter(name = "source", in = ParameterIn.QUERY, description = "source name(s), repeat or comma-separate",
                            schema = @Schema(type = "string")),
                    @Parameter(name = "product", in = ParameterIn.QUERY, description = "product tag(s)", schema = @Schema(type = "string")),
                    @Parameter(name = "version", in = ParameterIn.QUERY, description = "version tag(s)", schema = @Schema(type = "string")),
                    @Parameter(name = "tag", in = ParameterIn.QUERY, description = "tag(s)", schema = @Schema(type = "string")),
                    @Parameter(name = "path", in = ParameterIn.QUERY, description = "location prefix", schema = @Schema(type = "string"))})
    SearchResponse get(HttpServletRequest request, Authentication auth) {
        long start = System.nanoTime();
        SearchQuery query = validated(start, () -> requests.fromParams(request.getParameterMap()));
        return run(start, query, Viewer.of(auth));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Search with a JSON body", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = SearchBody.class))))
    SearchResponse post(HttpServletRequest request, Authentication auth) throws IOException {
        long start = System.nanoTime();
        if (!request.getParameterMap().isEmpty()) {
            reject(start, new InvalidSearchException("POST takes its parameters in the JSON body, not the query string"));
        }
        byte[] body = body(start, request);
        SearchQuery query = validated(start, () -> requests.fromJson(body));
        return run(start, query, Viewer.of(auth));
    }

    private SearchResponse run(long start, SearchQuery query, Viewer viewer) {
        try {
            SearchResponse response = SearchResponse.of(query, search.search(query, viewer));
            long nanos = System.nanoTime() - start;
            metrics.query(API, "ok", nanos);
            analytics.search(query.text(), query.offset(), response.hits().size(),
                    response.hits().isEmpty() ? 0 : response.hits().getFirst().score(), nanos);
            return response;
        } catch (RuntimeException e) {
            metrics.query(API, "error", System.nanoTime() - start);
            throw e;
        }
    }

    private byte[] body(long start, HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            reject(start, tooLarge());
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                reject(start, tooLarge());
            }
            return body;
        }
    }

    private InvalidSearchException tooLarge() {
        return new InvalidSearchException(HttpStatus.CONTENT_TOO_LARGE, "body larger than " + maxBodyBytes + " bytes");
    }

    private SearchQuery validated(long start, java.util.function.Supplier<SearchQuery> parse) {
        try {
            return parse.get();
        } catch (InvalidSearchException e) {
            reject(start, e);
            return null;
        }
    }

    private void reject(long start, InvalidSearchException e) {
        metrics.query(API, "invalid", System.nanoTime() - start);
        throw e;
    }

}
