package io.egressallowlist.emulators.core;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The JDK HTTP server on the loopback interface, as every emulator and stand-in runs it: bound first, started
 * with one handler for every path once its owner is built, served by daemon threads (a server a test forgets
 * to close never keeps the JVM alive).
 */
public final class LoopbackHttpServer implements AutoCloseable {

    static {
        // The JDK server leaves Nagle's algorithm on; the SDKs write headers and body separately, so each call
        // waited for a delayed ACK (~40 ms). The JDK reads this once, before its first HttpServer is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** How long closing waits for the calls in flight, which it interrupts, to finish. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds a port (0 picks a free one) served by at most {@code threads} threads, or by as many as calls
     * need when {@code threads} is 0 (so that a delayed call never holds up another).
     *
     * @throws IOException when the port cannot be bound (for example, it is taken)
     */
    public static LoopbackHttpServer bind(int port, int backlog, String threadName, int threads) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        ThreadFactory daemons = runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        };
        ExecutorService executor = threads == 0 ? Executors.newCachedThreadPool(daemons)
                : Executors.newFixedThreadPool(threads, daemons);
        http.setExecutor(executor);
        return new LoopbackHttpServer(http, executor);
    }

    /** Starts serving every path with {@code handler}. */
    public void start(HttpHandler handler) {
        server.createContext("/", handler);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
