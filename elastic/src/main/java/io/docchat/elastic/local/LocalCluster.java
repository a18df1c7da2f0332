package io.docchat.elastic.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several local Elasticsearch nodes from the same Maven zip forming one cluster on loopback: node {@code i}
 * answers HTTP on {@code firstPort + i} and lives under {@code base/node-<port>}. The nodes start together,
 * since none is healthy before a majority of the initial masters has formed the cluster.
 */
public final class LocalCluster {

    private final List<LocalElasticsearch> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    public LocalCluster(Path base, int firstPort, int size, String heap, String clusterName) {
        for (int i = 0; i < size; i++) {
            ports.add(firstPort + i);
        }
        for (int port : ports) {
            LocalElasticsearchConfig d = LocalElasticsearchConfig.defaults(base.resolve("node-" + port), port);
            nodes.add(new LocalElasticsearch(new LocalElasticsearchConfig(d.home(), d.version(), port, port + 100,
                    heap, clusterName, d.javaHome(), d.startTimeout(), ports)));
        }
    }

    public void start() throws IOException, InterruptedException {
        ExecutorService starters = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<Void>> started = new ArrayList<>();
            for (LocalElasticsearch node : nodes) {
                started.add(starters.submit(() -> {
                    node.start();
                    return null;
                }));
            }
            for (Future<Void> f : started) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("a node of the local cluster did not start: " + e.getCause().getMessage(), e.getCause());
        } finally {
            starters.shutdownNow();
        }
    }

    public void stop() throws InterruptedException {
        for (LocalElasticsearch node : nodes) {
            node.stop();
        }
    }

    public LocalElasticsearch node(int i) {
        return nodes.get(i);
    }

    public int size() {
        return nodes.size();
    }

    /** Every node's HTTP address, for a client that spreads requests and fails over between them. */
    public List<URI> uris() {
        return nodes.stream().map(LocalElasticsearch::uri).toList();
    }
}
