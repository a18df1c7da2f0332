package io.docchat.indexer.source;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SSRF rules of HTTP sources, end to end through the real client. A "public" documentation site listens on
 * 127.0.0.2 (the one address the policy allows) and a {@link LoopbackTrap} on 127.0.0.1 at the same port; names
 * resolve through a scripted resolver (no DNS leaves the machine). Every hostile URL and redirect points at the
 * trap, so each test asserts both that the fetch was refused (for the right reason) and that the trap saw 0
 * connections. Addresses off this machine (10/8, 169.254.169.254, fc00::/7…) are only ever resolved and judged,
 * never connected to, even with the guard removed.
 */
class SsrfGuardTest {

    private static final InetAddress SITE = address("127.0.0.2");
    private static final InetAddress LOOPBACK = address("127.0.0.1");

    private FakeSite site;
    private LoopbackTrap trap;
    private int port;
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
    private HttpFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        for (int attempt = 0; trap == null; attempt++) { // the trap takes the site's port on 127.0.0.1
            site = new FakeSite("127.0.0.2", 0);
            try {
                trap = new LoopbackTrap(site.port());
            } catch (BindException taken) {
                site.close();
                if (attempt == 20) {
                    throw taken;
                }
            }
        }
        port = site.port();
        site.page("/page", "<html><body><p>Public page.</p></body></html>")
                .page("/to-trap", "→http://127.0.0.1:" + port + "/admin")
                .page("/to-localhost", "→http://localhost:" + port + "/")
                .page("/to-name", "→http://loopback.test:" + port + "/")
                .page("/to-mapped-v6", "→http://[::ffff:127.0.0.1]:" + port + "/")
                .page("/to-decimal", "→http://2130706433:" + port + "/")
                .page("/to-any", "→http://0.0.0.0:" + port + "/")
                .page("/to-gopher", "→gopher://127.0.0.1:" + port + "/_SET%20x%201")
                .page("/to-file", "→file:///etc/passwd")
                .page("/to-jar", "→jar:http://127.0.0.1:" + port + "/x.jar!/a")
                .page("/hop1", "→/hop2")
                .page("/hop2", "→http://docs.test:" + port + "/to-trap")
                .page("/loop", "→/loop");
        names.put("docs.test", List.of(SITE));
        names.put("localhost", List.of(LOOPBACK));
        names.put("loopback.test", List.of(LOOPBACK));
        names.put("mixed.test", List.of(SITE, LOOPBACK));
        fetcher = new HttpFetcher(policy(), this::resolve);
    }

    @AfterEach
    void stop() throws IOException {
        site.close();
        trap.close();
    }

    @Test
    void aPublicPageIsFetchedThroughAPinnedAddress() throws IOException {
        assertThat(new String(fetcher.get(uri("http://docs.test:%d/page")).orElseThrow())).contains("Public page.");
        assertThat(trap.connections()).isZero();
    }

    @Test
    void everyRedirectHopIsCheckedAndNoneReachesLoopback() {
        for (String path : List.of("/to-trap", "/to-localhost", "/to-name", "/to-mapped-v6", "/to-decimal", "/to-any",
                "/to-gopher", "/to-file", "/to-jar", "/hop1")) {
            assertThatThrownBy(() -> fetcher.get(uri("http://docs.test:%d" + path))).as(path)
                    .isInstanceOf(RefusedUrlException.class);
        }
        assertThatThrownBy(() -> fetcher.get(uri("http://docs.test:%d/loop"))).hasMessageContaining("more than 3 redirects");
        assertThat(trap.connections()).isZero();
    }

    @Test
    void loopbackInAnyFormAndOtherSchemesAreRefusedBeforeAConnection() {
        Map<String, String> hostile = Map.ofEntries(
                Map.entry("http://127.0.0.1:%d/", "127.0.0.1 is a loopback"),
                Map.entry("http://127.0.0.1:%d", "127.0.0.1 is a loopback"),
                Map.entry("http://localhost:%d/", "127.0.0.1 is a loopback"),
                Map.entry("http://mixed.test:%d/", "127.0.0.1 is a loopback"),
                Map.entry("http://[::1]:%d/", "is a loopback"),
                Map.entry("http://[::ffff:127.0.0.1]:%d/", "127.0.0.1 is a loopback"),
                Map.entry("http://[::ffff:7f00:1]:%d/", "127.0.0.1 is a loopback"),
                Map.entry("http://0.0.0.0:%d/", "0.0.0.0 is a loopback"),
                Map.entry("http://[::]:%d/", "is a loopback"),
                Map.entry("http://2130706433:%d/", "ambiguous numeric host"),
                Map.entry("http://127.1:%d/", "ambiguous numeric host"),
                Map.entry("http://0x7f000001:%d/", "ambiguous numeric host"),
                Map.entry("http://%%31%%32%%37.0.0.1:%d/", "127.0.0.1 is a loopback"),
                Map.entry("gopher://127.0.0.1:%d/_INFO", "only http and https"),
                Map.entry("file:///etc/passwd", "only http and https"),
                Map.entry("jar:http://127.0.0.1:%d/x.jar!/a", "only http and https"),
                Map.entry("ftp://127.0.0.1:%d/", "only http and https"),
                Map.entry("dict://127.0.0.1:%d/", "only http and https"),
                Map.entry("http://user:pw@docs.test:%d/page", "credentials"));
        hostile.forEach((url, reason) -> assertThatThrownBy(() -> fetcher.get(uri(url))).as(url)
                .isInstanceOf(RefusedUrlException.class).hasMessageContaining(reason).hasMessageNotContaining("pw@"));
        assertThat(trap.connections()).isZero();
    }

    @Test
    void dnsRebindingCannotReachLoopbackTheConnectionGoesToTheCheckedAddress() throws IOException {
        AtomicInteger answers = new AtomicInteger();
        HttpFetcher rebinding = new HttpFetcher(policy(), host -> {
            if (!host.equals("rebind.test")) {
                return resolve(host);
            }
            // a public answer for the first lookup, loopback for every later one (TTL 0)
            return List.of(answers.getAndIncrement() == 0 ? SITE : LOOPBACK);
        });

        assertThat(new String(rebinding.get(uri("http://rebind.test:%d/page")).orElseThrow())).contains("Public page.");

        assertThat(answers.get()).as("resolved once: the check and the connection used the same answer").isEqualTo(1);
        assertThat(trap.connections()).isZero();
    }

    @Test
    void everyInternalAddressANameResolvesToIsRefusedWithoutAConnection() throws UnknownHostException {
        List<String> internal = List.of("169.254.169.254", "10.0.0.1", "172.16.5.4", "192.168.1.1", "100.64.0.1", "0.0.0.0",
                "127.8.9.10", "198.18.0.1", "255.255.255.255", "224.0.0.1", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
                "fec0::1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1");
        for (String a : internal) {
            GuardedDns dns = new GuardedDns(UrlPolicy.strict(), host -> List.of(address(a)));
            assertThatThrownBy(() -> dns.lookup("intranet.test")).as(a).isInstanceOf(RefusedAddressException.class)
                    .hasMessageContaining("loopback, private, link-local, metadata or reserved");
        }
        GuardedDns dns = new GuardedDns(UrlPolicy.strict(), host -> List.of(address("93.184.216.34"), address("2606:2800:220:1::1")));
        assertThat(new GuardedDns(UrlPolicy.strict(), host -> List.of(address("203.0.113.7"))).lookup("docs.example.org")).hasSize(1);
        assertThat(dns.lookup("docs.example.org")).hasSize(2);
    }

    @Test
    void internalLiteralsAndAmbiguousNumbersAreRefusedByTheUrlCheckAlone() {
        UrlPolicy strict = UrlPolicy.strict();
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[fc00::1]/",
                "http://[fe80::1]/", "http://[::ffff:169.254.169.254]/", "http://0.0.0.0/", "http://0177.0.0.1/",
                "http://0x7f.0.0.1/", "http://017700000001/", "http://3232235777/", "http://10.1/", "http://127.000.000.001/")) {
            assertThatThrownBy(() -> strict.checkUri(URI.create(url))).as(url).isInstanceOf(RefusedUrlException.class);
        }
    }

    @Test
    void aSitemapListingHostilePagesListsThemAsRefusedAndNeverFetchesThem() throws IOException {
        site.page("/sitemap.xml", FakeSite.urlset("/page", "/to-trap", "http://127.0.0.1:" + port + "/",
                "gopher://127.0.0.1:" + port + "/_x", "http://2130706433:" + port + "/", "/hop1"));
        SitemapSource source = new SitemapSource(SourceProperties.sitemap("web", uri("http://docs.test:%d/sitemap.xml"), false),
                policy(), this::resolve);

        List<SourceDocument> docs = source.documents().toList();

        assertThat(docs).hasSize(6);
        assertThat(docs).filteredOn(d -> !d.contentHash().startsWith(SitemapSource.REFUSED)).singleElement()
                .satisfies(d -> assertThat(d.location()).endsWith("/page"));
        for (SourceDocument d : docs) {
            if (d.contentHash().startsWith(SitemapSource.REFUSED)) {
                assertThatThrownBy(() -> source.read(d)).as(d.location()).isInstanceOf(RefusedUrlException.class);
            }
        }
        assertThat(trap.connections()).isZero();
    }

    @Test
    void theTrapCountsAConnectionSoAZeroMeansSomething() throws IOException {
        HttpFetcher open = new HttpFetcher(new UrlPolicy(true, 3, 1024), this::resolve);
        assertThatThrownBy(() -> open.get(uri("http://127.0.0.1:%d/"))).isInstanceOf(IOException.class)
                .isNotInstanceOf(RefusedUrlException.class);
        assertThat(trap.connections()).isPositive();
    }

    private UrlPolicy policy() {
        return new UrlPolicy(false, 3, 1024 * 1024, Set.of(SITE));
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        List<InetAddress> answer = names.get(host);
        if (answer == null) {
            throw new UnknownHostException(host); // nothing here ever asks a real DNS server
        }
        return answer;
    }

    private URI uri(String template) {
        return URI.create(template.contains("%d") ? template.formatted(port) : template);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
