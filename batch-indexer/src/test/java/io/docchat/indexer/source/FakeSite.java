package io.docchat.indexer.source;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A documentation site on loopback: paths answer a body, a redirect ("→/target") or a status ("404"). */
public final class FakeSite implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    public FakeSite() throws IOException {
        this("127.0.0.1", 0);
    }

    /** A site on {@code address}:{@code port} (0: any free port). */
    public FakeSite(String address, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext("/", exchange -> {
            String page = pages.get(exchange.getRequestURI().getPath());
            if (page == null || page.matches("\\d{3}")) {
                exchange.sendResponseHeaders(page == null ? 404 : Integer.parseInt(page), -1);
            } else if (page.startsWith("→")) {
                exchange.getResponseHeaders().add("Location", page.substring(1));
                exchange.sendResponseHeaders(302, -1);
            } else {
                byte[] body = page.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    public FakeSite page(String path, String content) {
        pages.put(path, content);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public static String urlset(String... paths) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for (String p : paths) {
            xml.append("<url><loc>").append(p).append("</loc></url>");
        }
        return xml.append("</urlset>").toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
