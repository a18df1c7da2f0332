package io.docchat.chat.chat;

import io.docchat.chat.conversation.Callers;
import io.docchat.chat.search.QueryMetrics;
import io.docchat.chat.search.SearchUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * RFC 9457 problem details for the chat, conversation, feedback and cost APIs. Scoped to those packages
 * so that the search API keeps its own handling.
 */
@RestControllerAdvice(basePackages = {"io.docchat.chat.chat", "io.docchat.chat.conversation",
        "io.docchat.chat.analytics", "io.docchat.chat.cost"})
class ChatApiErrors {

    private final QueryMetrics metrics;

    ChatApiErrors(QueryMetrics metrics) {
        this.metrics = metrics;
    }

    /** Includes a one-JSON answer that ran past the stream timeout: 503, as the other unavailable cases. */
    @ExceptionHandler({ErrorResponseException.class, MethodArgumentNotValidException.class,
            HandlerMethodValidationException.class, AsyncRequestTimeoutException.class})
    ResponseEntity<ProblemDetail> errorResponse(ErrorResponse e, HttpServletRequest request) {
        countInvalid(request, e.getStatusCode().value());
        return ResponseEntity.status(e.getStatusCode()).body(e.getBody());
    }

    @ExceptionHandler({IllegalArgumentException.class, HttpMessageNotReadableException.class,
            MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> badRequest(Exception e, HttpServletRequest request) {
        countInvalid(request, 400);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e instanceof IllegalArgumentException ? e.getMessage() : "The request body or a parameter is malformed.");
        return ResponseEntity.badRequest().body(p);
    }

    @ExceptionHandler(SearchUnavailableException.class)
    ResponseEntity<ProblemDetail> searchUnavailable(SearchUnavailableException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The documentation search is unavailable right now. Please try again in a moment.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(p);
    }

    @ExceptionHandler(Callers.MissingCallerException.class)
    ResponseEntity<ProblemDetail> noCaller(Callers.MissingCallerException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage()));
    }

    /**
     * A chat request refused before it was answered counts as {@code chat_queries_total{api="chat",status="invalid"}},
     * as search's do; it is timed as 0 (refusing takes well under the histogram's first bucket). Answers that fail
     * later are counted by the controller, which sees how they ended.
     */
    private void countInvalid(HttpServletRequest request, int status) {
        if (status >= 400 && status < 500 && request.getRequestURI().startsWith("/api/v1/chat")) {
            metrics.query(ChatController.API, "invalid", 0);
        }
    }
}
