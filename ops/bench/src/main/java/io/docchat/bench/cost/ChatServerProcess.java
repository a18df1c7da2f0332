package io.docchat.bench.cost;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged chat server ({@code chat-server/target/docchat-chat-server-*-exec.jar}) in a JVM of its own,
 * as it runs in production: the whole chat path (security, rate limit, retrieval, answerability, answer cache,
 * routing, prompt, stream guard, ledger) is the shipped one. Its log goes to a file.
 */
final class ChatServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    ChatServerProcess(Path jar, int port, Map<String, String> properties, Path log) throws IOException, InterruptedException {
        this.port = port == 0 ? freePort() : port;
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xms512m", "-Xmx1g", "-XX:+UseZGC", "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        command.add("--server.port=" + this.port);
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Files.createDirectories(log.getParent());
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady(log);
    }

    /** CPU time the server process has used so far (user + system, from {@code /proc/<pid>/stat}), ms. */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / 100; // utime, stime in clock ticks (USER_HZ 100)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** This checkout's packaged server (built by {@code package} of chat-server). */
    static Path packagedJar(Path root) throws IOException {
        Path target = root.resolve("chat-server/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("docchat-chat-server-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + target + "/docchat-chat-server-*-exec.jar: package chat-server first"))
                    .toAbsolutePath();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no " + target + ": package chat-server first", e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the chat server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the chat server was not ready within 10 minutes; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
