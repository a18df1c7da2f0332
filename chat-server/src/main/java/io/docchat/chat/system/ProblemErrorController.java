package io.docchat.chat.system;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The servlet container's error page ({@code /error}): errors raised outside a controller (a filter, the
 * container) end here. Answered as problem+json like every other error, without the exception or trace;
 * asked for directly, {@code /error} is a page that does not exist (404), not Spring's {@code "status":999}.
 */
@RestController
@Hidden // the container's error page, not an API route
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof Throwable t && BodyLimit.TooLarge.in(t)) {
            return ApiErrors.problem(HttpStatus.CONTENT_TOO_LARGE, BodyLimit.TooLarge.find(t).getMessage(), Map.of());
        }
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        if (status == null) {
            return ApiErrors.problem(HttpStatus.NOT_FOUND, "no resource at this path", Map.of());
        }
        String detail = status.is5xxServerError() ? "The server failed to answer this request." : status.getReasonPhrase();
        return ApiErrors.problem(status, detail, Map.of());
    }
}
