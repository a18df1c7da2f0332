package io.docchat.elastic.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;

/**
 * Where and how the local Elasticsearch runs. {@code clusterHttpPorts} lists the HTTP ports of every node of a
 * multi-node cluster on loopback (this one included; each node's transport port is its HTTP port + 100); empty
 * for a single node.
 */
public record LocalElasticsearchConfig(Path home, String version, int httpPort, int transportPort, String heap,
                                       String clusterName, Path javaHome, Duration startTimeout,
                                       List<Integer> clusterHttpPorts) {

    public LocalElasticsearchConfig(Path home, String version, int httpPort, int transportPort, String heap,
                                    String clusterName, Path javaHome, Duration startTimeout) {
        this(home, version, httpPort, transportPort, heap, clusterName, javaHome, startTimeout, List.of());
    }

    public LocalElasticsearchConfig {
        clusterHttpPorts = clusterHttpPorts == null ? List.of() : List.copyOf(clusterHttpPorts);
        home = home.toAbsolutePath().normalize();
        if (Runtime.version().feature() < 21 && javaHome.equals(Path.of(System.getProperty("java.home")))) {
            throw new IllegalStateException("Elasticsearch needs a JDK >= 21 here (Lucene's SIMD vector code); "
                    + "set JAVA_HOME to one, e.g. /usr/lib/jvm/temurin-25-jdk-amd64");
        }
    }

    public static LocalElasticsearchConfig defaults(Path home, int httpPort) {
        return new LocalElasticsearchConfig(usableHome(home), LocalElasticsearch.DEFAULT_VERSION, httpPort,
                httpPort + 100, env("DOCCHAT_ES_HEAP", "1g"), "docchat-local",
                Path.of(System.getProperty("java.home")), Duration.ofSeconds(180));
    }

    /** This node as one of a cluster on loopback whose nodes answer HTTP on {@code httpPorts}. */
    public LocalElasticsearchConfig inCluster(List<Integer> httpPorts) {
        return new LocalElasticsearchConfig(home, version, httpPort, transportPort, heap, clusterName, javaHome,
                startTimeout, httpPorts);
    }

    String nodeName() {
        return nodeName(httpPort);
    }

    String nodeName(int port) {
        return clusterName + "-" + port;
    }

    static LocalElasticsearchConfig fromArgs(String[] args) {
        Path home = Path.of(env("DOCCHAT_ES_HOME", ".local/elasticsearch"));
        int port = Integer.parseInt(env("DOCCHAT_ES_PORT", "9200"));
        String heap = env("DOCCHAT_ES_HEAP", "1g");
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--heap" -> heap = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LocalElasticsearchConfig d = defaults(home, port);
        return new LocalElasticsearchConfig(d.home(), d.version(), port, port + 100, heap, d.clusterName(),
                d.javaHome(), d.startTimeout());
    }

    /**
     * When root runs the launcher, Elasticsearch runs as an unprivileged user that must reach the folder; a
     * project under a private home (such as /root) is not reachable, so the node then lives under /var/lib.
     */
    static Path usableHome(Path home) {
        Path abs = home.toAbsolutePath().normalize();
        if (!LocalElasticsearch.isRoot() || traversableByOthers(abs.getParent())) {
            return abs;
        }
        Path fallback = Path.of("/var/lib/docchat-es", Integer.toHexString(abs.toString().hashCode()));
        LocalElasticsearch.log(abs + " is not reachable by " + LocalElasticsearch.SERVICE_USER + "; using " + fallback);
        return fallback;
    }

    private static boolean traversableByOthers(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            try {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (java.io.IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
