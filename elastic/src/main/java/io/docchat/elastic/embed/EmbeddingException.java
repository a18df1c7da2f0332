package io.docchat.elastic.embed;

/** An embedding call failed; {@link #transientFailure()} says whether trying again may help. */
public class EmbeddingException extends RuntimeException {

    private final boolean transientFailure;

    public EmbeddingException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
