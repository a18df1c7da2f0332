package io.docchat.indexer.job;

import io.docchat.elastic.testing.TestServices;
import io.docchat.indexer.IndexerApp;
import io.docchat.indexer.index.SkippedDocuments;
import io.docchat.indexer.source.FakeSite;
import io.docchat.indexer.source.LoopbackTrap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexer with a sitemap that lists hostile pages: each is a skipped document with the refusal as its
 * reason, counted in the run, the good page is indexed, the run completes, and a loopback trap that every hostile
 * URL points at sees 0 connections. (The site is on 127.0.0.1, so the source allows private addresses: the rules
 * that hold even then, schemes and ambiguous numeric hosts, are the ones exercised here; the address rules
 * themselves are {@code SsrfGuardTest}'s.) A strict source whose sitemap is on loopback fails the run, saying why.
 */
class SsrfIndexIT {

    @TempDir
    Path unused;

    @Test
    void hostilePagesAreCountedSkipsWithTheirReasonAndNothingReachesTheTrap() throws Exception {
        try (FakeSite site = new FakeSite(); LoopbackTrap trap = new LoopbackTrap(0)) {
            int p = trap.port();
            String gopher = "gopher://127.0.0.1:" + p + "/_FLUSHALL";
            String decimal = "http://2130706433:" + p + "/";
            String jar = "jar:http://127.0.0.1:" + p + "/x.jar!/a";
            site.page("/sitemap.xml", FakeSite.urlset("/guide/install", gopher, decimal, jar, "/to-file"))
                    .page("/guide/install", "<html><body><main><h1 id=\"install\">Install</h1><p>Unpack the archive.</p></main></body></html>")
                    .page("/to-file", "→file:///etc/passwd");
            String prefix = TestServices.uniquePrefix("ssrf");
            Map<String, String> props = IndexerApp.baseProperties(prefix, unused);
            props.remove("docchat.indexer.sources[0].path");
            props.put("docchat.indexer.sources[0].name", "web");
            props.put("docchat.indexer.sources[0].sitemap", site.uri("/sitemap.xml").toString());
            props.put("docchat.indexer.sources[0].allow-private-addresses", "true");
            try (IndexerApp app = IndexerApp.start(prefix, props)) {
                JobExecution run = app.run(RunMode.INCREMENTAL);

                assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
                assertThat(app.indexedChunks()).containsOnlyKeys("web:" + site.uri("/guide/install") + "#0");
                Map<String, String> reasons = app.bean(SkippedDocuments.class).forJob(run.getId()).stream()
                        .collect(Collectors.toMap(SkippedDocuments.Skipped::location, SkippedDocuments.Skipped::reason));
                assertThat(reasons).containsOnlyKeys(gopher, decimal, jar, site.uri("/to-file").toString());
                assertThat(reasons.get(gopher)).contains("refused", "only http and https");
                assertThat(reasons.get(jar)).contains("refused", "only http and https");
                assertThat(reasons.get(decimal)).contains("refused", "ambiguous numeric host");
                assertThat(reasons.get(site.uri("/to-file").toString())).contains("refused file:///etc/passwd");
                assertThat(IncrementalIndexIT.step(run, "index").getExecutionContext().getLong("skipped")).isEqualTo(4);
            }
            assertThat(trap.connections()).isZero();
        }
    }

    @Test
    void aStrictSourceWhoseSitemapIsOnLoopbackFailsTheRunSayingWhy() throws Exception {
        try (FakeSite site = new FakeSite()) {
            site.page("/sitemap.xml", FakeSite.urlset("/guide/install"));
            String prefix = TestServices.uniquePrefix("ssrf");
            Map<String, String> props = IndexerApp.baseProperties(prefix, unused);
            props.remove("docchat.indexer.sources[0].path");
            props.put("docchat.indexer.sources[0].name", "web");
            props.put("docchat.indexer.sources[0].sitemap", site.uri("/sitemap.xml").toString());
            try (IndexerApp app = IndexerApp.start(prefix, props)) {
                JobExecution run = app.run(RunMode.INCREMENTAL);

                assertThat(run.getStatus()).isEqualTo(BatchStatus.FAILED);
                assertThat(run.getAllFailureExceptions()).anySatisfy(e -> assertThat(e).hasStackTraceContaining("127.0.0.1 is a loopback"));
            }
        }
    }
}
