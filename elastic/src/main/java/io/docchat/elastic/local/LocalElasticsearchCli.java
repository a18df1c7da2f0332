package io.docchat.elastic.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The launcher's command line for scripts ({@code ops/dev/stack}): {@code start|stop|status|install} with
 * {@code --home}, {@code --port}, {@code --heap}; {@code DOCCHAT_ES_NODES} > 1 runs a loopback cluster instead.
 */
final class LocalElasticsearchCli {

    private LocalElasticsearchCli() {
    }

    /** CLI for scripts: {@code start|stop|status} with {@code --home}, {@code --port}, {@code --heap}. */
    static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: LocalElasticsearch start|stop|status|install [--home DIR] [--port N] [--heap 1g]");
            System.exit(2);
        }
        int nodes = Integer.parseInt(System.getenv().getOrDefault("DOCCHAT_ES_NODES", "1"));
        LocalElasticsearchConfig config = LocalElasticsearchConfig.fromArgs(args);
        if (nodes > 1) {
            cluster(args[0], config, nodes);
            return;
        }
        LocalElasticsearch es = new LocalElasticsearch(config);
        try {
            switch (args[0]) {
                case "start" -> es.start();
                // unpack only, so a caller can add a plugin before the first start (ops/check/deploy)
                case "install" -> System.out.println(es.install());
                case "stop" -> es.stop();
                case "status" -> {
                    boolean healthy = es.isHealthy();
                    boolean ours = es.runningProcess().isPresent();
                    System.out.println("elasticsearch " + (healthy ? "up" : "down") + " " + es.uri()
                            + (ours ? " pid " + es.runningProcess().get().pid() + " home " + config.home()
                            : healthy ? " NOT started by this checkout: " + es.foreign() : ""));
                    System.exit(healthy ? 0 : 3);
                }
                default -> {
                    System.err.println("unknown command " + args[0]);
                    System.exit(2);
                }
            }
        } catch (IOException e) {
            System.err.println("[local-elasticsearch] " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * {@code DOCCHAT_ES_NODES=3}: one cluster of that many nodes on consecutive ports from {@code --port}, each
     * under {@code <home>-cluster/node-<port>} (not the single node's data, which belongs to another cluster).
     */
    private static void cluster(String command, LocalElasticsearchConfig config, int size) throws Exception {
        Path base = Path.of(config.home() + "-cluster");
        LocalCluster cluster = new LocalCluster(base, config.httpPort(), size, config.heap(), config.clusterName());
        switch (command) {
            case "start" -> cluster.start();
            case "stop" -> cluster.stop();
            case "status" -> {
                boolean all = true;
                for (int i = 0; i < cluster.size(); i++) {
                    LocalElasticsearch node = cluster.node(i);
                    boolean healthy = node.isHealthy();
                    all &= healthy;
                    System.out.println("elasticsearch node " + (i + 1) + "/" + size + " " + (healthy ? "up" : "down")
                            + " " + node.uri() + node.runningProcess().map(p -> " pid " + p.pid()).orElse(""));
                }
                System.exit(all ? 0 : 3);
            }
            default -> {
                System.err.println("unknown command " + command);
                System.exit(2);
            }
        }
    }
}
