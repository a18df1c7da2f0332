package io.docchat.indexer.source;

import okhttp3.Dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The DNS of every HTTP source's client: resolves a name once, checks every address against the
 * {@link UrlPolicy}, and returns exactly the checked addresses, to which the client then connects. There is no
 * second resolution between the check and the connection, so a name that answers a public address to the check
 * and 127.0.0.1 a moment later (DNS rebinding) cannot reach loopback. IP literals never come here (clients parse
 * them), which is why {@link UrlPolicy#checkHost} checks them itself.
 */
final class GuardedDns implements Dns {

    /** Where names are resolved; the system resolver in production, a scripted one in tests. */
    @FunctionalInterface
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    private final UrlPolicy policy;
    private final Resolver resolver;

    GuardedDns(UrlPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        List<InetAddress> addresses = List.copyOf(resolver.resolve(host));
        try {
            policy.checkAddresses(host, addresses);
        } catch (RefusedUrlException e) {
            throw new RefusedAddressException(host, e.reason());
        }
        return addresses;
    }
}
