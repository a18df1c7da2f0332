package io.docchat.chat.search;

/** No cache-miss search could start within the admission wait ({@link SearchAdmission}): 503, retry shortly. */
public class SearchOverloadedException extends SearchUnavailableException {

    public SearchOverloadedException(String message) {
        super(message, null);
    }
}
