package io.docchat.chat.search;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;

/** RFC 9457 problem details for the search API; ahead of the application-wide handler (system.ApiErrors). */
@RestControllerAdvice(assignableTypes = SearchController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class SearchApiErrors {

    @ExceptionHandler(InvalidSearchException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidSearchException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        p.setType(URI.create(e.status() == HttpStatus.CONTENT_TOO_LARGE
                ? "https://docchat.io/problems/body-too-large" : "https://docchat.io/problems/invalid-search"));
        return problem(p);
    }

    @ExceptionHandler(SearchOverloadedException.class)
    ResponseEntity<ProblemDetail> overloaded(SearchOverloadedException e) {
        return unavailable(e.getMessage(), "search-overloaded", 1);
    }

    @ExceptionHandler(SearchUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(SearchUnavailableException e) {
        return unavailable(e.getMessage(), "search-unavailable", 5);
    }

    private static ResponseEntity<ProblemDetail> unavailable(String detail, String type, int retryAfterSeconds) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        p.setType(URI.create("https://docchat.io/problems/" + type));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
