package io.docchat.indexer.source;

import java.net.UnknownHostException;

/**
 * A name that resolved to an internal address: thrown from {@link GuardedDns} (the HTTP clients' DNS hook only
 * lets {@link UnknownHostException} through), so the client never opens the connection.
 */
public class RefusedAddressException extends UnknownHostException {

    private final String reason;

    RefusedAddressException(String host, String reason) {
        super("refused " + host + ": " + reason);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
