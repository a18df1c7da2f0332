package io.docchat.chat.system;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * PostgreSQL unreachable (no connection within the pool's 1.5 s, a broken socket, a statement timeout): a
 * retryable 503 problem for every API, not a 500. The pool's short connection timeout is what keeps callers
 * from piling up on request threads while the database is away (application.yml, spring.datasource.hikari).
 * Redis (the session store) unreachable raises the same exception types: it gets its own 503 ({@link SessionStoreOutage}).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailableErrors {

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
            QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        if (SessionStoreOutage.in(e)) {
            // the same Spring exceptions come from Redis when a controller is the first to read the session
            SessionStoreOutage.logOnce(e);
            return SessionStoreOutage.problem();
        }
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The conversation store is unavailable right now. Please try again in a moment.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(p);
    }
}
