package io.docchat.elastic.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who an Elasticsearch that answers on the port is, as the node says of itself: cluster name, version, the
 * node's pid, its home folder and the user that runs it. So that the launcher, finding a cluster it did not
 * start (another project's, a system service), says so and names it, instead of calling it its own.
 * No JSON library: the launcher is compiled alone by the dev scripts.
 */
record ClusterOwner(String cluster, String version, long pid, String home, String user) {

    static Optional<ClusterOwner> ask(HttpClient http, URI base) {
        try {
            String node = get(http, base.resolve("/_nodes/_local/process,settings?filter_path=cluster_name,"
                    + "nodes.*.version,nodes.*.process.id,nodes.*.settings.path.home"));
            long pid = Long.parseLong(first(node, "\"id\"\\s*:\\s*(\\d+)").orElse("-1"));
            String user = ProcessHandle.of(pid).flatMap(p -> p.info().user()).orElse("unknown");
            return Optional.of(new ClusterOwner(first(node, "\"cluster_name\"\\s*:\\s*\"([^\"]*)\"").orElse("?"),
                    first(node, "\"version\"\\s*:\\s*\"([^\"]*)\"").orElse("?"), pid,
                    first(node, "\"home\"\\s*:\\s*\"([^\"]*)\"").orElse("unknown"), user));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** One line for the scripts: whose it is, and that this checkout leaves it alone. */
    String describe() {
        return "cluster '" + cluster + "' (Elasticsearch " + version + ", pid " + (pid < 0 ? "unknown" : pid)
                + ", user " + user + ", home " + home + ")";
    }

    private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode());
        }
        return r.body();
    }

    private static Optional<String> first(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
