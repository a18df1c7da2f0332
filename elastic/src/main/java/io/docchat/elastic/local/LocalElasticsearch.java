package io.docchat.elastic.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Fetches the real Elasticsearch server from Maven Central
 * ({@code org.elasticsearch.distribution.integ-test-zip:elasticsearch}, zip), unpacks it under a project-local
 * folder, writes a single-node loopback configuration, starts it (as an unprivileged system user when the
 * caller is root, since Elasticsearch refuses to run as root), waits for health and stops it by its pid.
 * Used by the dev-stack script and by integration tests.
 */
public final class LocalElasticsearch {

    public static final String DEFAULT_VERSION = "8.19.21";
    static final String SERVICE_USER = "docchat-es";

    private final LocalElasticsearchConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LocalElasticsearch(LocalElasticsearchConfig config) {
        this.config = config;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + config.httpPort());
    }

    /** Starts the node unless it already answers; returns once the cluster is at least yellow. */
    public void start() throws IOException, InterruptedException {
        if (isHealthy()) {
            if (runningProcess().isPresent()) {
                log("already running at " + uri() + " (pid " + readPid().orElse(-1L) + ", home " + config.home() + ")");
            } else {
                log("REUSING an Elasticsearch this checkout did not start, at " + uri() + ": " + foreign()
                        + "; `stop` leaves it running. Set DOCCHAT_ES_PORT (and DOCCHAT_ELASTIC_URIS for the apps) to start one of this checkout's own.");
            }
            return;
        }
        Optional<ProcessHandle> stale = runningProcess();
        if (stale.isPresent()) {
            log("pid " + stale.get().pid() + " is alive but not healthy yet; waiting");
            awaitHealthy(config.startTimeout());
            return;
        }
        Path esHome = install();
        writeConfig(esHome);
        boolean root = isRoot();
        if (root) {
            ensureServiceUser();
            chown(config.home());
            Optional<String> repo = env("DOCCHAT_ES_PATH_REPO");
            if (repo.isPresent()) {
                chown(Path.of(repo.get()));
            }
        }
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        command.addAll(List.of("env", "ES_JAVA_HOME=" + config.javaHome(),
                "ES_PATH_CONF=" + esHome.resolve("config"),
                esHome.resolve("bin/elasticsearch").toString(), "-d", "-p", pidFile().toString()));
        log("starting Elasticsearch " + config.version() + " on " + uri() + (root ? " as user " + SERVICE_USER : ""));
        Path out = config.home().resolve("launcher.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException("Elasticsearch failed to start (exit " + code + "); see " + out
                    + " and " + config.home().resolve("logs"));
        }
        awaitHealthy(config.startTimeout());
        log("Elasticsearch is up at " + uri() + " (pid " + readPid().orElse(-1L) + ")");
    }

    /** Stops the node by the pid it wrote; waits for it to exit, then kills it if it will not. */
    public void stop() throws InterruptedException {
        Optional<ProcessHandle> process = runningProcess();
        if (process.isEmpty()) {
            log("not running");
            return;
        }
        ProcessHandle handle = process.get();
        log("stopping pid " + handle.pid());
        handle.destroy();
        Instant deadline = Instant.now().plusSeconds(60);
        while (handle.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        if (handle.isAlive()) {
            handle.destroyForcibly();
            Thread.sleep(500);
        }
        log("stopped");
    }

    public boolean isHealthy() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri().resolve("/_cluster/health"))
                    .timeout(Duration.ofSeconds(3)).GET();
            bootstrapPassword().ifPresent(pw -> request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(("elastic:" + pw).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && !r.body().contains("\"status\":\"red\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The cluster on the port that this checkout did not start, as it describes itself. */
    String foreign() {
        return ClusterOwner.ask(http, uri()).map(ClusterOwner::describe).orElse("an unknown cluster");
    }

    public Optional<ProcessHandle> runningProcess() {
        return readPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    public void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (isHealthy()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("Elasticsearch did not become healthy at " + uri() + " within " + timeout
                + "; see " + config.home().resolve("logs"));
    }

    /** Unpacks the distribution under the home folder once; returns the Elasticsearch home. */
    Path install() throws IOException, InterruptedException {
        Path esHome = config.home().resolve("elasticsearch-" + config.version());
        if (Files.exists(esHome.resolve(".unpacked"))) {
            return esHome;
        }
        Path zip = MavenArtifact.resolve("org.elasticsearch.distribution.integ-test-zip", "elasticsearch",
                config.version(), "zip");
        log("unpacking " + zip + " into " + config.home());
        Files.createDirectories(config.home());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = config.home().resolve(e.getName()).normalize();
                if (!target.startsWith(config.home())) {
                    throw new IOException("zip entry escapes the target folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (var files = Files.list(esHome.resolve("bin"))) {
            for (Path f : files.toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                perms.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE));
                Files.setPosixFilePermissions(f, perms);
            }
        }
        Files.writeString(esHome.resolve(".unpacked"), Instant.now().toString());
        return esHome;
    }

    private void writeConfig(Path esHome) throws IOException, InterruptedException {
        Path data = config.home().resolve("data");
        Path logs = config.home().resolve("logs");
        Files.createDirectories(data);
        Files.createDirectories(logs);
        String yml = """
                cluster.name: %s
                node.name: %s
                path.data: %s
                path.logs: %s
                network.host: 127.0.0.1
                http.port: %d
                transport.port: %d
                %s
                # Local development and tests keep security off unless DOCCHAT_ES_BOOTSTRAP_PASSWORD is set
                # (ops/check/deploy tests the least-privilege roles of ops/elastic-setup that way).
                xpack.security.enabled: %s
                xpack.security.http.ssl.enabled: false
                xpack.security.transport.ssl.enabled: false
                # A shared development disk must not flip indexes to read-only.
                cluster.routing.allocation.disk.threshold_enabled: false
                action.destructive_requires_name: false
                """.formatted(config.clusterName(), config.nodeName(), data, logs,
                config.httpPort(), config.transportPort(), discovery(), bootstrapPassword().isPresent());
        Optional<String> repo = env("DOCCHAT_ES_PATH_REPO");
        if (repo.isPresent()) {
            // A filesystem snapshot repository may only live under path.repo (backup/restore test).
            Files.createDirectories(Path.of(repo.get()));
            yml += "path.repo: [\"" + repo.get() + "\"]\n";
        }
        Files.writeString(esHome.resolve("config/elasticsearch.yml"), yml);
        if (bootstrapPassword().isPresent()) {
            Keystore.storeBootstrapPassword(esHome, config.javaHome(), bootstrapPassword().get());
        }
        Path jvmOptions = esHome.resolve("config/jvm.options.d");
        Files.createDirectories(jvmOptions);
        Files.writeString(jvmOptions.resolve("heap.options"),
                "-Xms" + config.heap() + "\n-Xmx" + config.heap() + "\n");
    }

    private static Optional<String> bootstrapPassword() {
        return env("DOCCHAT_ES_BOOTSTRAP_PASSWORD");
    }

    static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    /** One node alone, or every node of the loopback cluster as seeds and (for the first start) masters. */
    private String discovery() {
        if (config.clusterHttpPorts().size() <= 1) {
            return "discovery.type: single-node";
        }
        String seeds = config.clusterHttpPorts().stream().map(p -> "\"127.0.0.1:" + (p + 100) + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        String masters = config.clusterHttpPorts().stream().map(p -> "\"" + config.nodeName(p) + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        return "discovery.seed_hosts: [" + seeds + "]\ncluster.initial_master_nodes: [" + masters + "]";
    }

    private Path pidFile() {
        return config.home().resolve("elasticsearch.pid");
    }

    private Optional<Long> readPid() {
        try {
            Path f = pidFile();
            return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ensureServiceUser() throws IOException, InterruptedException {
        if (run(List.of("id", "-u", SERVICE_USER)) == 0) {
            return;
        }
        log("creating system user " + SERVICE_USER + " (Elasticsearch refuses to run as root)");
        int code = run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER));
        if (code != 0 && run(List.of("id", "-u", SERVICE_USER)) != 0) {
            throw new IOException("cannot create system user " + SERVICE_USER + " (useradd exit " + code + ")");
        }
    }

    private static void chown(Path home) throws IOException, InterruptedException {
        int code = run(List.of("chown", "-R", SERVICE_USER + ":", home.toString()));
        if (code != 0) {
            throw new IOException("cannot chown " + home + " to " + SERVICE_USER);
        }
    }

    static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return p.waitFor();
    }

    static void log(String message) {
        System.err.println("[local-elasticsearch] " + message);
    }

    /** CLI for scripts (ops/dev/stack): see {@link LocalElasticsearchCli}. */
    public static void main(String[] args) throws Exception {
        LocalElasticsearchCli.main(args);
    }
}
