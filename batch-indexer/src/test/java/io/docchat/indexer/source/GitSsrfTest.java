package io.docchat.indexer.source;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Git sources fetch over the same guarded client as sitemaps: a real fetch (git's "dumb" HTTP protocol from a
 * static file server on 127.0.0.2, the one address the policy allows) works through it, and a name that rebinds
 * to loopback after the early check is refused when the connection resolves it; a {@link LoopbackTrap} on
 * 127.0.0.1 at the same port sees 0 connections.
 */
class GitSsrfTest {

    private static final InetAddress SITE = address("127.0.0.2");
    private static final InetAddress LOOPBACK = address("127.0.0.1");

    @TempDir
    Path tmp;

    private HttpServer files;
    private LoopbackTrap trap;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Path served = tmp.resolve("served");
        Path bare = served.resolve("docs.git");
        Files.createDirectories(served);
        try (Git origin = Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call();
             Git work = Git.init().setDirectory(tmp.resolve("work").toFile()).setInitialBranch("main").call()) {
            Path page = tmp.resolve("work/docs/install.md");
            Files.createDirectories(page.getParent());
            Files.writeString(page, "# Install\n\nUnpack the archive.\n");
            work.add().addFilepattern("docs/install.md").call();
            work.commit().setMessage("first").setAuthor("T", "t@example.test").setCommitter("T", "t@example.test").setSign(false).call();
            work.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
            work.push().setRemote("origin").add("main").call();
        }
        Process info = new ProcessBuilder("git", "update-server-info").directory(bare.toFile()).inheritIO().start();
        assertThat(info.waitFor()).isZero();
        for (int attempt = 0; trap == null; attempt++) {
            files = SimpleFileServer.createFileServer(new InetSocketAddress(SITE, 0), served, SimpleFileServer.OutputLevel.NONE);
            files.start();
            try {
                trap = new LoopbackTrap(files.getAddress().getPort());
            } catch (BindException taken) {
                files.stop(0);
                if (attempt == 20) {
                    throw taken;
                }
            }
        }
        port = files.getAddress().getPort();
    }

    @AfterEach
    void stop() throws IOException {
        files.stop(0);
        trap.close();
    }

    @Test
    void aRepositoryOnAnAllowedAddressIsFetchedThroughTheGuardedClient() throws IOException {
        AtomicInteger lookups = new AtomicInteger();
        GitSource source = source("docs.test", host -> {
            lookups.incrementAndGet();
            return List.of(SITE);
        });

        List<SourceDocument> docs = source.documents().toList();

        assertThat(docs).extracting(SourceDocument::location).containsExactly("docs/install.md");
        assertThat(new String(source.read(docs.get(0)))).contains("Unpack the archive.");
        assertThat(lookups.get()).as("the early check and JGit's connections resolve through the guard").isGreaterThan(1);
        assertThat(trap.connections()).isZero();
    }

    @Test
    void aRepositoryIsFetchedOverSmartHttpThroughTheGuardedClient() throws Exception {
        GitHttpBackend smart = null;
        LoopbackTrap smartTrap = null;
        for (int attempt = 0; smartTrap == null; attempt++) { // the trap takes the backend's port on 127.0.0.1
            smart = new GitHttpBackend(SITE, 0, tmp.resolve("served"));
            try {
                smartTrap = new LoopbackTrap(smart.port());
            } catch (BindException taken) {
                smart.close();
                if (attempt == 20) {
                    throw taken;
                }
            }
        }
        try (GitHttpBackend backend = smart; LoopbackTrap t = smartTrap) {
            GitProperties git = new GitProperties("http://git.test:" + backend.port() + "/docs.git", "main", List.of(), "", "git", "",
                    tmp.resolve("cache-smart").toString(), false);
            GitSource source = new GitSource(SourceProperties.git("handbook", git, false), 1 << 20, policy(), host -> List.of(SITE));

            List<SourceDocument> docs = source.documents().toList();

            assertThat(docs).extracting(SourceDocument::location).containsExactly("docs/install.md");
            assertThat(new String(source.read(docs.get(0)))).contains("Unpack the archive.");
            assertThat(backend.posts()).as("the smart protocol, with request bodies, went through the adapter").isPositive();
            assertThat(t.connections()).isZero();
        }
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheCheckIsRefusedByTheConnection() {
        AtomicInteger answers = new AtomicInteger();
        GitSource source = source("rebind.test", host -> List.of(answers.getAndIncrement() == 0 ? SITE : LOOPBACK));

        assertThatThrownBy(source::documents).hasStackTraceContaining("127.0.0.1 is a loopback");

        assertThat(answers.get()).as("the connection resolved (and checked) the name itself").isGreaterThan(1);
        assertThat(trap.connections()).isZero();
    }

    @Test
    void loopbackAndOtherSchemesAreRefusedBeforeAConnection() {
        for (String url : List.of("http://127.0.0.1:%d/docs.git", "http://localhost:%d/docs.git", "http://[::ffff:127.0.0.1]:%d/docs.git",
                "http://2130706433:%d/docs.git", "http://0.0.0.0:%d/docs.git", "git://127.0.0.1:%d/docs.git", "ssh://127.0.0.1:%d/docs.git")) {
            GitProperties git = new GitProperties(url.formatted(port), "main", List.of(), "", "git", "",
                    tmp.resolve("cache").toString(), false);
            GitSource source = new GitSource(SourceProperties.git("s", git, false), 1 << 20, policy(),
                    host -> host.equals("localhost") ? List.of(LOOPBACK) : List.of(SITE));
            assertThatThrownBy(source::documents).as(url).isInstanceOf(RefusedUrlException.class);
        }
        assertThat(trap.connections()).isZero();
    }

    private GitSource source(String host, GuardedDns.Resolver resolver) {
        GitProperties git = new GitProperties("http://" + host + ":" + port + "/docs.git", "main", List.of(), "", "git", "",
                tmp.resolve("cache-" + host).toString(), false);
        return new GitSource(SourceProperties.git("handbook", git, false), 1 << 20, policy(), resolver);
    }

    private static UrlPolicy policy() {
        return new UrlPolicy(false, 0, 1 << 20, Set.of(SITE));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
