package io.docchat.indexer.source;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an HTTP source may fetch (the SSRF rules of sitemap and git sources): http(s) only ({@code gopher:},
 * {@code file:}, {@code jar:}, {@code ftp:}… refused), no credentials in the URL, no ambiguous numeric hosts
 * ({@code 2130706433}, {@code 0177.0.0.1}, {@code 127.1}: clients disagree on what they mean), and never an
 * internal address ({@link #isInternal}) unless configuration allows private addresses.
 *
 * <p>The URL check alone cannot stop DNS rebinding (a name that resolves to a public address for the check
 * and to 127.0.0.1 for the connection). So names are resolved exactly once per connection, by {@link GuardedDns},
 * which checks every address and hands the checked addresses to the client: the connection goes to what was
 * checked. Redirects are never followed by the client; {@link HttpFetcher} re-checks every hop and caps them.
 *
 * @param allowedAddresses exact addresses allowed although internal (an intranet host; tests use 127.0.0.2)
 */
public record UrlPolicy(boolean allowPrivateAddresses, int maxRedirects, long maxBytes, Set<InetAddress> allowedAddresses) {

    private static final Pattern NUMERIC_HOST = Pattern.compile("[0-9.]+|0[xX][0-9a-fA-F.xX]*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    public UrlPolicy {
        allowedAddresses = allowedAddresses == null ? Set.of() : Set.copyOf(allowedAddresses);
    }

    public UrlPolicy(boolean allowPrivateAddresses, int maxRedirects, long maxBytes) {
        this(allowPrivateAddresses, maxRedirects, maxBytes, Set.of());
    }

    public static UrlPolicy strict() {
        return new UrlPolicy(false, 5, 10L * 1024 * 1024);
    }

    /**
     * Everything about {@code uri} that needs no DNS: scheme, host form, an IP literal's address. Throws
     * {@link RefusedUrlException} with the reason.
     */
    public void checkUri(URI uri) throws RefusedUrlException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedUrlException(uri, (scheme.isEmpty() ? "no scheme" : scheme + ":") + " is not fetched, only http and https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedUrlException(uri, "credentials in the URL (they belong in the environment)");
        }
        checkHost(uri, uri.getHost() != null ? uri.getHost() : authorityHost(uri.getRawAuthority()));
    }

    /** The host part of an authority java.net.URI would not parse as a server ({@code 127.1}, {@code %31…}). */
    private static String authorityHost(String authority) {
        if (authority == null) {
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            return hostPort.substring(0, hostPort.indexOf(']') + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    /** {@link #checkUri} for the host as the HTTP client will use it (after its own decoding). */
    void checkHost(Object what, String rawHost) throws RefusedUrlException {
        if (rawHost == null || rawHost.isEmpty()) {
            throw new RefusedUrlException(what, "no host");
        }
        String host = rawHost.startsWith("[") && rawHost.endsWith("]") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        if (host.contains(":")) {
            checkAddresses(what, List.of(literal(what, host)));
        } else if (NUMERIC_HOST.matcher(host).matches()) {
            if (!DOTTED_QUAD.matcher(host).matches()) {
                throw new RefusedUrlException(what, "ambiguous numeric host " + host + " (only a dotted quad like 203.0.113.7)");
            }
            checkAddresses(what, List.of(literal(what, host)));
        }
    }

    /** Refuses when any of the addresses a name resolved to is internal (all must pass: the client may try each). */
    void checkAddresses(Object what, List<InetAddress> addresses) throws RefusedUrlException {
        if (addresses.isEmpty()) {
            throw new RefusedUrlException(what, "the name resolved to no address");
        }
        if (allowPrivateAddresses) {
            return;
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && !allowedAddresses.contains(address)) {
                throw new RefusedUrlException(what, address.getHostAddress()
                        + " is a loopback, private, link-local, metadata or reserved address");
            }
        }
    }

    /** The URL rules and one resolution through the system resolver: the early check of a configured URL. */
    public void check(URI uri) throws RefusedUrlException {
        checkUri(uri);
        try {
            new GuardedDns(this, GuardedDns.SYSTEM).lookup(uri.getHost());
        } catch (RefusedAddressException e) {
            throw new RefusedUrlException(uri, e.reason());
        } catch (UnknownHostException e) {
            throw new RefusedUrlException(uri, "unknown host");
        }
    }

    private static InetAddress literal(Object what, String host) throws RefusedUrlException {
        try {
            return InetAddress.getByName(host); // a literal: parsed, never looked up
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new RefusedUrlException(what, "malformed address " + host);
        }
    }

    /**
     * Loopback, RFC 1918, link-local (169.254.169.254 is the cloud metadata service), CGNAT, "this network"
     * 0.0.0.0/8 (connecting to 0.0.0.0 reaches this host), benchmarking, reserved and broadcast IPv4; IPv6
     * loopback, unspecified, unique-local fc00::/7, link-local fe80::/10, site-local, multicast; and IPv6 forms that
     * embed an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16)
     * are judged by the IPv4 address inside.
     */
    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int o0 = b[0] & 0xff, o1 = b[1] & 0xff, o2 = b[2] & 0xff;
            return o0 == 0 || o0 == 127 || o0 >= 240 // this network, loopback, reserved and broadcast
                    || (o0 == 100 && (o1 & 0xc0) == 64) // CGNAT 100.64/10
                    || (o0 == 192 && o1 == 0 && o2 == 0) // IETF protocol assignments
                    || (o0 == 198 && (o1 & 0xfe) == 18); // benchmarking 198.18/15
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return true; // unique local fc00::/7
        }
        byte[] embedded = embeddedIpv4(b);
        if (embedded != null) {
            try {
                return isInternal(InetAddress.getByAddress(embedded));
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return false;
    }

    private static byte[] embeddedIpv4(byte[] b) {
        boolean zeros80 = allZero(b, 0, 10);
        if (zeros80 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
            return new byte[] {b[12], b[13], b[14], b[15]}; // ::ffff:a.b.c.d and ::a.b.c.d
        }
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12)) {
            return new byte[] {b[12], b[13], b[14], b[15]}; // NAT64 64:ff9b::/96
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]}; // 6to4 2002:aabb:ccdd::/48
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
