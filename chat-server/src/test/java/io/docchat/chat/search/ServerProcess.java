package io.docchat.chat.search;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged chat server ({@code target/*-exec.jar}) in its own JVM, as it runs in production, for the
 * benchmark: its JIT profiles, heap and GC are its own, not shared with the load generator or with the
 * in-process limit measurements. JVM options from {@code docchat.bench.server.jvm}. Its JIT and GC figures
 * are read over JMX (attach API).
 */
final class ServerProcess implements AutoCloseable {

    /** What the images set (ops/docker), with the heap fixed so runs compare. */
    static final String DEFAULT_JVM = "-Xms2g -Xmx2g -XX:+UseZGC -XX:+ExitOnOutOfMemoryError";

    private final Process process;
    private final int port;
    private final int managementPort;
    private final JMXConnector jmx;
    private final MBeanServerConnection mbeans;

    ServerProcess(Map<String, String> properties, Path log) throws Exception {
        this.port = freePort();
        Map<String, String> all = ServerInstance.services(String.valueOf(port));
        this.managementPort = freePort();
        all.put("management.server.port", String.valueOf(managementPort));
        all.putAll(properties);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(System.getProperty("docchat.bench.server.jvm", DEFAULT_JVM).trim().split("\\s+")));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-jar");
        command.add(execJar().toString());
        all.forEach((k, v) -> command.add("--" + k + "=" + v));
        String extra = System.getProperty("docchat.bench.server.args", "").trim(); // e.g. --docchat.search.admission.embedding-threads=1
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        Files.createDirectories(log.getParent());
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady(log);
        String address = VirtualMachine.attach(String.valueOf(process.pid())).startLocalManagementAgent();
        this.jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
        this.mbeans = jmx.getMBeanServerConnection();
    }

    /** Where the actuator answers (metrics without credentials). */
    int managementPort() {
        return managementPort;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Milliseconds the server's JIT compilers have worked so far. */
    long compilationMs() throws IOException {
        return ManagementFactory.getPlatformMXBean(mbeans, CompilationMXBean.class).getTotalCompilationTime();
    }

    /** The server's stop-the-world GC time so far. */
    double gcPauseMs() throws IOException {
        return CpuMeter.pauseMs(ManagementFactory.getPlatformMXBeans(mbeans, GarbageCollectorMXBean.class));
    }

    /** Loads a JVMTI agent into the server (async-profiler: {@code start,...} then {@code stop,file=...}). */
    void agent(String path, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
        try {
            vm.loadAgentPath(path, options);
        } finally {
            vm.detach();
        }
    }

    MBeanServerConnection mbeans() {
        return mbeans;
    }

    @Override
    public void close() throws Exception {
        try {
            jmx.close();
        } finally {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitReady(Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the chat server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the chat server did not become healthy within 3 minutes; see " + log);
    }

    /** This build's server, or {@code docchat.bench.server.jar}: another commit's, for an A/B against the same limits. */
    private static Path execJar() throws IOException {
        String other = System.getProperty("docchat.bench.server.jar", "").trim();
        if (!other.isEmpty()) {
            return Path.of(other).toAbsolutePath();
        }
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
