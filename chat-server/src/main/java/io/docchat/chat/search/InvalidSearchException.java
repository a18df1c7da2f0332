package io.docchat.chat.search;

import org.springframework.http.HttpStatus;

/** A search request rejected before any work; permanent (the same request fails again). */
class InvalidSearchException extends RuntimeException {

    private final HttpStatus status;

    InvalidSearchException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    InvalidSearchException(String message) {
        this(HttpStatus.BAD_REQUEST, message);
    }

    HttpStatus status() {
        return status;
    }
}
