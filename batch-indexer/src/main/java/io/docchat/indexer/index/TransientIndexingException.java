package io.docchat.indexer.index;

/** Elasticsearch stayed unavailable or overloaded through every retry; the run fails and can be restarted. */
public class TransientIndexingException extends RuntimeException {

    public TransientIndexingException(String message, Throwable cause) {
        super(message, cause);
    }
}
