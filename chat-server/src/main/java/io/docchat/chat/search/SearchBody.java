package io.docchat.chat.search;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The POST body, for the OpenAPI description only: the controller parses the JSON itself (strictly). */
@Schema(description = "A search request")
record SearchBody(
        @Schema(description = "query text, 1..1000 characters", requiredMode = Schema.RequiredMode.REQUIRED) String q,
        @Schema(description = "hits per page, 1..50", defaultValue = "10") Integer k,
        @Schema(description = "hits to skip", defaultValue = "0") Integer offset,
        Filters filters) {

    @Schema(description = "constraints applied to both retrievers; unknown filters are rejected")
    record Filters(List<String> source, List<String> product, List<String> version, List<String> tag,
                   @Schema(description = "location (path) prefix") String path) {
    }
}
