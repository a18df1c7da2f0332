package io.docchat.indexer.source;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What an HTTP source may fetch: http(s) only, and never loopback, private, link-local (cloud metadata
 * lives at 169.254.169.254), unique-local IPv6 or wildcard addresses unless configuration allows them.
 * A fetcher must check every redirect hop with it, cap redirects and cap the response size.
 */
public record UrlPolicy(boolean allowPrivateAddresses, int maxRedirects, long maxBytes) {

    public static UrlPolicy strict() {
        return new UrlPolicy(false, 5, 10L * 1024 * 1024);
    }

    /** Throws {@link IllegalArgumentException} with the reason when {@code uri} must not be fetched. */
    public void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("refused " + uri + ": only http and https are fetched");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("refused " + uri + ": no host");
        }
        if (allowPrivateAddresses) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (isInternal(address)) {
                    throw new IllegalArgumentException("refused " + uri + ": " + address.getHostAddress()
                            + " is a loopback, private, link-local or metadata address");
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("refused " + uri + ": unknown host", e);
        }
    }

    static boolean isInternal(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocalV6 || carrierNat;
    }
}
