package io.docchat.chat.chat;

import io.docchat.chat.conversation.Callers;
import io.docchat.chat.search.SearchUnavailableException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the chat, conversation, feedback and cost APIs. Scoped to those packages
 * so that the search API keeps its own handling. Ahead of the application-wide handler (system.ApiErrors),
 * which answers everything else (validation, malformed bodies, 404/405/406/415, 500) in the same shape.
 */
@RestControllerAdvice(basePackages = {"io.docchat.chat.chat", "io.docchat.chat.conversation",
        "io.docchat.chat.analytics", "io.docchat.chat.cost"})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ChatApiErrors {

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    @ExceptionHandler(SearchUnavailableException.class)
    ResponseEntity<ProblemDetail> searchUnavailable(SearchUnavailableException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The documentation search is unavailable right now. Please try again in a moment.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler(Callers.MissingCallerException.class)
    ResponseEntity<ProblemDetail> noCaller(Callers.MissingCallerException e) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage()));
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
