package io.docchat.chat.web;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A docs site on another origin than the chat server: one static page that adds the widget's script tag and,
 * as a site might by hand, an iframe of the embed page. Its port is the first free one from {@code firstPort}
 * (the page engineer's range, 18400-18499), so the server's allow-list can name it before the chat server starts.
 */
final class DocsSite implements AutoCloseable {

    private final HttpServer server;
    private final String origin;
    private volatile String chatServer = "http://127.0.0.1:1";

    DocsSite(String host, int firstPort, int lastPort) {
        HttpServer bound = null;
        for (int port = firstPort; port <= lastPort && bound == null; port++) {
            try {
                bound = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            } catch (BindException e) {
                // taken: the next one
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (bound == null) {
            throw new IllegalStateException("no free port in " + firstPort + "-" + lastPort);
        }
        server = bound;
        origin = "http://" + host + ":" + server.getAddress().getPort();
        server.createContext("/", exchange -> {
            byte[] page = """
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><title>Acme handbook</title></head>
                    <body><h1>Acme handbook</h1><p>Some documentation.</p>
                    <iframe id="direct" title="chat by hand" src="%1$s/embed.html" width="400" height="300"></iframe>
                    <script src="%1$s/widget.js" async></script>
                    </body></html>
                    """.formatted(chatServer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
    }

    /** Where the page's script tag and iframe point. */
    void embed(String chatServerBaseUrl) {
        this.chatServer = chatServerBaseUrl;
    }

    String origin() {
        return origin;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
