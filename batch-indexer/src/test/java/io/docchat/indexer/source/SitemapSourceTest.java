package io.docchat.indexer.source;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SitemapSourceTest {

    private final FakeSite site;

    SitemapSourceTest() throws IOException {
        site = new FakeSite()
                .page("/sitemap.xml", "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>/docs-sitemap.xml</loc></sitemap></sitemapindex>")
                .page("/docs-sitemap.xml", FakeSite.urlset("/docs/intro", "/docs/moved", "/docs/gone"))
                .page("/docs/intro", "<html><body><main><h1 id=\"intro\">Intro</h1><p>Hello.</p></main></body></html>")
                .page("/docs/moved", "→/docs/new-place")
                .page("/docs/new-place", "<html><body><p>Moved here.</p></body></html>")
                .page("/loop", "→/loop")
                .page("/big", "x".repeat(200));
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void listsTheSitemapsPagesFollowingRedirectsAndLeavingOutGonePages() throws Exception {
        SitemapSource source = new SitemapSource(SourceProperties.sitemap("web", site.uri("/sitemap.xml"), true));

        List<SourceDocument> docs = source.documents().toList();

        assertThat(docs).extracting(SourceDocument::location)
                .containsExactly(site.uri("/docs/intro").toString(), site.uri("/docs/moved").toString());
        assertThat(docs.get(1).contentHash()).isEqualTo(ContentHash.of("<html><body><p>Moved here.</p></body></html>"));
        assertThat(docs.get(0).docId()).isEqualTo("web:" + site.uri("/docs/intro"));
        assertThat(source.docIds().toList()).hasSize(3);
        assertThat(new String(source.read(docs.get(0)))).contains("Hello.");
    }

    @Test
    void refusesLoopbackUnlessAllowed() {
        SitemapSource strict = new SitemapSource(SourceProperties.sitemap("web", site.uri("/sitemap.xml"), false));
        assertThatThrownBy(strict::documents).isInstanceOf(IOException.class).hasMessageContaining("loopback");
    }

    @Test
    void capsRedirectsAndBodySize() {
        HttpFetcher fetcher = new HttpFetcher(new UrlPolicy(true, 3, 100));
        assertThatThrownBy(() -> fetcher.get(site.uri("/loop"))).hasMessageContaining("more than 3 redirects");
        assertThatThrownBy(() -> fetcher.get(site.uri("/big"))).hasMessageContaining("larger than 100 bytes");
    }
}
