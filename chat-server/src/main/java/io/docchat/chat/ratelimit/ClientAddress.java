package io.docchat.chat.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address an anonymous caller is limited by. {@code X-Forwarded-For} is believed only when the connection
 * comes from a trusted proxy ({@code docchat.security.trusted-proxies}, CIDRs): the header is read from the
 * right, skipping trusted hops, and the first other address is the client's (what a client writes on the left
 * counts for nothing). From anyone else the header changes nothing. IPv6 callers are limited per /64, the
 * block one subscriber gets, so rotating addresses inside it does not buy a new bucket.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<IpAddressMatcher> trusted;

    public ClientAddress(List<String> trustedProxies) {
        List<IpAddressMatcher> matchers = new ArrayList<>();
        for (String cidr : trustedProxies) {
            if (!cidr.isBlank()) {
                matchers.add(new IpAddressMatcher(cidr.strip()));
            }
        }
        this.trusted = List.copyOf(matchers);
    }

    /** The bucket key of the request's client: an IPv4 address or an IPv6 /64 prefix. */
    public String bucket(HttpServletRequest request) {
        return bucket(client(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For")));
    }

    String client(String remote, Enumeration<String> forwardedHeaders) {
        if (!isTrusted(remote) || forwardedHeaders == null) {
            return remote;
        }
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(forwardedHeaders)) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = remote;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = parse(hops.get(i));
            if (hop == null) {
                return client;
            }
            client = hop.getHostAddress();
            if (!isTrusted(client)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        if (trusted.isEmpty() || parse(address) == null) {
            return false;
        }
        for (IpAddressMatcher m : trusted) {
            if (m.matches(address)) {
                return true;
            }
        }
        return false;
    }

    /** IPv4 as is; IPv6 reduced to its /64 (IPv4-mapped addresses count as IPv4). */
    static String bucket(String address) {
        InetAddress a = parse(address);
        if (a == null) {
            return address;
        }
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return sb.append(":/64").toString();
        }
        return a.getHostAddress();
    }

    /** An IP literal, never a name lookup; null for anything else. */
    static InetAddress parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        String literal = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
