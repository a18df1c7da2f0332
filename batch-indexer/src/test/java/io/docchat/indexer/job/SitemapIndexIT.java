package io.docchat.indexer.job;

import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import io.docchat.indexer.source.FakeSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SitemapIndexIT {

    @TempDir
    Path unused;

    @Test
    void indexesTheSitemapsPagesAndPrunesAPageThatIsGone() throws Exception {
        try (FakeSite site = new FakeSite()) {
            site.page("/sitemap.xml", FakeSite.urlset("/guide/install", "/guide/upgrade"))
                    .page("/guide/install", "<html><head><title>Install</title></head><body><nav>Menu</nav><main>"
                            + "<h1 id=\"install\">Install</h1><p>Unpack the archive.</p></main></body></html>")
                    .page("/guide/upgrade", "<html><body><main><h2 id=\"upgrade\">Upgrade</h2><p>Stop, replace, start.</p></main></body></html>");
            String prefix = TestServices.uniquePrefix("sitemap");
            Map<String, String> props = IndexerApp.baseProperties(prefix, unused);
            props.remove("docchat.indexer.sources[0].path");
            props.put("docchat.indexer.sources[0].name", "web");
            props.put("docchat.indexer.sources[0].sitemap", site.uri("/sitemap.xml").toString());
            props.put("docchat.indexer.sources[0].allow-private-addresses", "true");
            try (IndexerApp app = IndexerApp.start(prefix, props)) {
                assertThat(app.run(RunMode.INCREMENTAL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
                String install = "web:" + site.uri("/guide/install") + "#0";
                assertThat(app.indexedChunks()).containsOnlyKeys(install, "web:" + site.uri("/guide/upgrade") + "#0");
                var chunk = app.es().get(g -> g.index(prefix).id(install), com.fasterxml.jackson.databind.node.ObjectNode.class).source();
                assertThat(chunk.get("url").asText()).isEqualTo(site.uri("/guide/install").toString());
                assertThat(chunk.get("anchor").asText()).isEqualTo("install");
                assertThat(chunk.get("text").asText()).isEqualTo("Unpack the archive.");

                site.page("/guide/upgrade", "404");
                site.page("/sitemap.xml", FakeSite.urlset("/guide/install"));
                assertThat(app.run(RunMode.INCREMENTAL).getStatus()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(app.indexedChunks()).containsOnlyKeys(install);
            }
        }
    }
}
