package io.docchat.indexer.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Git's smart HTTP protocol served by {@code git http-backend} (CGI) behind the JDK's HTTP server: what a git
 * host speaks, so a fetch through {@link GuardedGitConnections} exercises its POST path (the negotiation bodies).
 */
final class GitHttpBackend implements AutoCloseable {

    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();

    GitHttpBackend(InetAddress address, int port, Path projectRoot) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext("/", exchange -> {
            try {
                if (exchange.getRequestMethod().equals("POST")) {
                    posts.incrementAndGet();
                }
                serve(exchange, projectRoot);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** POSTs served: the smart protocol's negotiation (a dumb fetch makes none). */
    int posts() {
        return posts.get();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, Path root) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("CONTENT_LENGTH", String.valueOf(body.length));
        env.put("REMOTE_ADDR", "127.0.0.1");
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        env.put("CONTENT_TYPE", type == null ? "" : type);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(body);
        }
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            out = o.readAllBytes();
        }
        p.waitFor();
        int end = headerEnd(out);
        int status = 200;
        for (String line : new String(out, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        int start = end + (out.length > end + 3 && out[end] == '\r' ? 4 : 2);
        rest.write(out, Math.min(start, out.length), Math.max(0, out.length - start));
        exchange.sendResponseHeaders(status, rest.size() == 0 ? -1 : rest.size());
        if (rest.size() > 0) {
            exchange.getResponseBody().write(rest.toByteArray());
        }
    }

    /** Where the CGI headers end (the index of the blank line's first byte). */
    private static int headerEnd(byte[] out) {
        for (int i = 0; i + 1 < out.length; i++) {
            if (out[i] == '\n' && out[i + 1] == '\n') {
                return i; // "\n\n"
            }
            if (i + 3 < out.length && out[i] == '\r' && out[i + 1] == '\n' && out[i + 2] == '\r' && out[i + 3] == '\n') {
                return i;
            }
        }
        return out.length;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
