package io.docchat.indexer.source;

import java.io.IOException;
import java.net.URI;

/**
 * A URL an HTTP source must not fetch under its {@link UrlPolicy} (a scheme other than http(s), an internal
 * address, a redirect into one…). The indexer records the page as skipped with this message as the reason;
 * nothing was sent to the refused address.
 */
public class RefusedUrlException extends IOException {

    private final String reason;

    public RefusedUrlException(Object url, String reason) {
        super("refused " + redacted(url) + ": " + reason);
        this.reason = reason;
    }

    /** The URL as it may be logged: without user info (a token in a URL must not reach a log or the admin API). */
    static String redacted(Object url) {
        if (url instanceof URI uri && uri.getRawUserInfo() != null) {
            return uri.getScheme() + "://***@" + uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1)
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        }
        return String.valueOf(url);
    }

    public String reason() {
        return reason;
    }

    /** Whether {@code e} or one of its causes is a refusal by the address rules. */
    static boolean isRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedUrlException || t instanceof RefusedAddressException) {
                return true;
            }
        }
        return false;
    }
}
