package io.docchat.indexer.job;

/** Another run of the same index family is in progress (in this or another instance). */
public class RunInProgressException extends RuntimeException {

    public RunInProgressException(String indexFamily) {
        super("an indexing run for " + indexFamily + " is already in progress");
    }
}
