package io.docchat.chat.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {

    private static String client(ClientAddress a, String remote, String... forwarded) {
        return a.client(remote, Collections.enumeration(List.of(forwarded)));
    }

    @Test
    void forwardedHeadersFromAnUntrustedAddressChangeNothing() {
        ClientAddress none = new ClientAddress(List.of());
        assertThat(client(none, "203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        ClientAddress proxies = new ClientAddress(List.of("10.0.0.0/8"));
        assertThat(client(proxies, "203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void behindTrustedProxiesTheRightmostUntrustedHopIsTheClientAndWhatItWroteOnTheLeftIsIgnored() {
        ClientAddress proxies = new ClientAddress(List.of("10.0.0.0/8", "fd00::/8"));
        assertThat(client(proxies, "10.0.0.5", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(client(proxies, "10.0.0.5", "1.2.3.4, 198.51.100.1, 10.1.1.1")).isEqualTo("198.51.100.1");
        assertThat(client(proxies, "10.0.0.5", "1.2.3.4", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(client(proxies, "fd00::1", "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
        // garbage or a host name (never looked up) stops the walk at the last good hop
        assertThat(client(proxies, "10.0.0.5", "evil.example.com")).isEqualTo("10.0.0.5");
        assertThat(client(proxies, "10.0.0.5", "x, 10.2.2.2")).isEqualTo("10.2.2.2");
    }

    @Test
    void ipv6AddressesInOne64ShareABucketAndIpv4IsPerAddress() {
        assertThat(ClientAddress.bucket("2001:db8:1:2::1")).isEqualTo(ClientAddress.bucket("2001:db8:1:2:ffff:1:2:3"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.bucket("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.bucket("2001:db8:1:2::1"));
        assertThat(ClientAddress.bucket("198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(ClientAddress.bucket("198.51.100.2")).isNotEqualTo(ClientAddress.bucket("198.51.100.1"));
        assertThat(ClientAddress.bucket("::ffff:198.51.100.1")).isEqualTo("198.51.100.1");
    }
}
