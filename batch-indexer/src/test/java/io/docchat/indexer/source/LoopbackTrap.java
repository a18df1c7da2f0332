package io.docchat.indexer.source;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on 127.0.0.1 that counts every connection it accepts (any protocol: an HTTP GET, a gopher
 * line, a bare connect) and closes it. SSRF tests aim every hostile URL at it; a guard that works leaves the count
 * at 0. Hostile URLs only ever point at loopback, so a broken guard costs a connection to this test, never
 * traffic to another host.
 */
public final class LoopbackTrap implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    /** A trap on 127.0.0.1:{@code port} (0: any free port). */
    public LoopbackTrap(int port) throws IOException {
        socket = new ServerSocket();
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        acceptor = Thread.ofPlatform().daemon().name("loopback-trap").start(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
