package io.docchat.chat.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Map;

/**
 * One RFC 9457 shape for every error the API answers: Spring MVC's own (404, 405, 406, 415, 400 for a
 * malformed body or parameter), a 400 that names the field and its limit, 413 for an over-long body, and a
 * 500 that says nothing of the internals. Always {@code application/problem+json}, whatever the request's
 * {@code Accept} header (a client that asked for {@code text/plain} still gets a readable error, not a 406
 * about the error). The package-scoped handlers (chat, search) run first: they know their own exceptions.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage()))).toList();
        String detail = e.getBindingResult().getFieldErrors().stream().map(ApiErrors::describe)
                .reduce((a, b) -> a + "; " + b).orElse("the request body is invalid");
        return problem(HttpStatus.BAD_REQUEST, detail, Map.of("errors", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> "'" + r.getMethodParameter().getParameterName()
                        + "' " + err.getDefaultMessage()))
                .reduce((a, b) -> a + "; " + b).orElse("a parameter is invalid");
        return problem(HttpStatus.BAD_REQUEST, detail, Map.of());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (BodyLimit.TooLarge.in(e)) {
            return tooLarge(e);
        }
        return problem(HttpStatus.BAD_REQUEST, BodyErrors.describe(e), Map.of());
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String name = e.getPropertyName() != null ? e.getPropertyName() : "a parameter";
        String type = e.getRequiredType() != null ? e.getRequiredType().getSimpleName() : "another type";
        return problem(HttpStatus.BAD_REQUEST, "'" + name + "' must be " + BodyErrors.article(type) + ", was '"
                + BodyErrors.clip(String.valueOf(e.getValue())) + "'", Map.of());
    }

    /** A client's wrong method is not worth a WARN line (Spring's default logs one per request). */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
                                                                         HttpHeaders headers, HttpStatusCode status,
                                                                         WebRequest request) {
        return handleExceptionInternal(e, null, headers, status, request);
    }

    /** Anything not handled above: 500 without internals (logged here with its stack), or 413 from the body limit. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        if (BodyLimit.TooLarge.in(e)) {
            return tooLarge(e);
        }
        if (SessionStoreOutage.in(e)) {
            SessionStoreOutage.logOnce(e);
            ResponseEntity<ProblemDetail> unavailable = SessionStoreOutage.problem();
            return ResponseEntity.status(unavailable.getStatusCode()).headers(unavailable.getHeaders()).body(unavailable.getBody());
        }
        log.error("request failed", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The server failed to answer this request.", Map.of());
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        HttpHeaders out = new HttpHeaders();
        out.putAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.createResponseEntity(body, out, statusCode, request);
    }

    private static ResponseEntity<Object> tooLarge(Exception e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, BodyLimit.TooLarge.find(e).getMessage(), Map.of());
    }

    static ResponseEntity<Object> problem(HttpStatus status, String detail, Map<String, Object> properties) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        properties.forEach(p::setProperty);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private static String describe(FieldError f) {
        return "'" + f.getField() + "' " + f.getDefaultMessage();
    }
}
