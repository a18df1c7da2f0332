package io.docchat.chat.search;

/**
 * Retrieval could not run now (Elasticsearch unreachable or failing, no index behind the alias yet).
 * Transient: a retry later can succeed; the web edge answers 503.
 */
public class SearchUnavailableException extends RuntimeException {

    public SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
