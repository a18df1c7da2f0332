package io.docchat.chat.system;

import io.docchat.chat.testing.ChatStack;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A normal start and run logs no warning and no error: the packaged server ({@code target/*-exec.jar}) in a
 * JVM of its own, with the flags of the images and the settings of {@code ops/dev/up}, on the test corpus, answers
 * one search and one chat, then
 * stops; its whole output is read. The only line let through is listed in {@link #EXPECTED}, with why.
 */
class QuietLogIT {

    private static final Pattern WARN_OR_ERROR = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\s.*");
    /**
     * Deliberate notices, not faults: a local checkout runs with anonymous access on (no setup needed), and
     * the server says so at WARN so that nobody runs it that way in production by accident.
     */
    private static final List<Pattern> EXPECTED = List.of(Pattern.compile(".*public mode: anonymous search and chat are ON.*"));

    @Test
    void aNormalStartSearchAndChatLogNoWarningOrError() throws Exception {
        ChatStack stack = ChatStack.get();
        int port = freePort();
        Path log = Path.of("target", "quiet-log-it.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:+UseZGC", "--enable-native-access=ALL-UNNAMED", "-jar", execJar().toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + TestServices.jdbcUrl(),
                "--spring.datasource.username=" + TestServices.jdbcUser(),
                "--spring.datasource.password=" + TestServices.jdbcPassword(),
                "--spring.data.redis.host=" + TestServices.redisHost(),
                "--spring.data.redis.port=" + TestServices.redisPort(),
                "--docchat.elastic.uris=" + TestServices.elasticsearch(),
                "--docchat.elastic.index-prefix=" + stack.indexPrefix(),
                "--docchat.llm.base-url=" + stack.llm().baseUrl(),
                // As ops/dev/up starts it: with the local admin key (without one the server warns that only
                // anonymous access is possible, rightly).
                "--docchat.security.admin-api-key=" + UUID.randomUUID(),
                // and the local anonymous-cookie key it generates (without one the server warns: ids end with it)
                "--docchat.security.anonymous-cookie-key=" + UUID.randomUUID() + UUID.randomUUID(),
                "--docchat.analytics.hash-key=" + UUID.randomUUID() + UUID.randomUUID(),
                "--docchat.cache.key-prefix=it-quiet-" + UUID.randomUUID() + ":",
                "--docchat.ratelimit.key-prefix=it-quiet-" + UUID.randomUUID() + ":"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitStarted(server, log);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> search = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/search?q=rotate+signing+keys"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/chat?stream=false"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"How do I rotate the signing keys?\"}"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as("the server's log").anyMatch(l -> l.contains("Started ChatServerApplication"));
        List<String> unexpected = lines.stream().filter(l -> WARN_OR_ERROR.matcher(l).matches())
                .filter(l -> EXPECTED.stream().noneMatch(p -> p.matcher(l).matches())).toList();
        assertThat(unexpected).as("WARN/ERROR lines in " + log.toAbsolutePath()).isEmpty();
    }

    /**
     * Waits for the start-up line, not for {@code /actuator/health}: a health probe on this busy shared box can
     * miss Redis's 200 ms timeout and rightly log a WARN, which says something about the box, not the start.
     */
    private static void awaitStarted(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + "; see " + log);
            }
            if (Files.exists(log) && Files.readString(log).contains("Started ChatServerApplication")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not start within 3 minutes; see " + log);
    }

    private static Path execJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("docchat-chat-server-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/docchat-chat-server-*-exec.jar: run through `mvn verify`"))
                    .toAbsolutePath();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
