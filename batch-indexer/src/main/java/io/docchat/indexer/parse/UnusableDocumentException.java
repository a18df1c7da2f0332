package io.docchat.indexer.parse;

/** A document that cannot be indexed (corrupt, binary, empty, oversized): permanent, skipped with this reason. */
public class UnusableDocumentException extends Exception {

    public UnusableDocumentException(String reason) {
        super(reason);
    }

    public UnusableDocumentException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
