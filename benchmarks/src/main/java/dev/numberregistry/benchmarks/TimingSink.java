package dev.numberregistry.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The banks' sinks of the delivery benchmark: one HTTP server on the loopback address, a path per
 * subscription, that takes every delivery (204) and notes when it arrived ({@link System#nanoTime()},
 * the clock the benchmark's producer is timed by), by the notification's place in the run. The
 * benchmark's events are numbered: the CloudEvent's {@code id}, the id of the event that caused it,
 * is {@code idPrefix} and that number. A delivery the sink already had is counted as a duplicate;
 * one with another id (a subscription's end) is counted apart.
 */
final class TimingSink implements AutoCloseable {

    private static final byte[] ID_FIELD = "\"id\":\"".getBytes(StandardCharsets.UTF_8);

    static {
        // The JDK's server keeps 200 idle connections and closes any more after their exchange; the
        // registry keeps up to 16 deliveries a subscription under way, hundreds of connections. In
        // the first full run the registry's client held 231 connections the sink had closed, and 41
        // attempts failed (each backing its subscription off a second or more). A bank's sink
        // should not be measured closing connections a benchmark's JDK server happens to close.
        // Read once, when the first server is made.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    }

    private final String idPrefix;
    private final AtomicLongArray receivedAt;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger others = new AtomicInteger();
    private final ExecutorService executor;
    private final HttpServer server;

    /**
     * @param events   how many numbered events the run sends
     * @param threads  the server's threads: a bank's sink answers many deliveries at once
     */
    TimingSink(String idPrefix, int events, int threads) throws IOException {
        this.idPrefix = idPrefix;
        this.receivedAt = new AtomicLongArray(events);
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "sink");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1_024);
        server.createContext("/", this::take);
        server.setExecutor(executor);
        server.start();
    }

    String url(int subscription) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sink/" + subscription;
    }

    /** When the event numbered {@code index} was first delivered, or 0 if it was not (yet). */
    long receivedAt(int index) {
        return receivedAt.get(index);
    }

    /** Distinct numbered events delivered so far. */
    int received() {
        return received.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    int others() {
        return others.get();
    }

    private void take(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int index = indexOf(body);
            if (index < 0) {
                others.incrementAndGet();
            } else if (receivedAt.compareAndSet(index, 0, at)) {
                received.incrementAndGet();
            } else {
                duplicates.incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /**
     * The event's number, read from the document's {@code "id":"} (the only field so named: the
     * others are {@code subscriptionId} and such), or -1 when it is not one of the run's. Found by
     * hand, not by a JSON parser: the sink's own cost is kept out of the figures.
     */
    private int indexOf(byte[] body) {
        int field = find(body, ID_FIELD);
        if (field < 0) {
            return -1;
        }
        int start = field + ID_FIELD.length;
        int end = start;
        while (end < body.length && body[end] != '"') {
            end++;
        }
        String id = new String(body, start, end - start, StandardCharsets.UTF_8);
        if (!id.startsWith(idPrefix)) {
            return -1;
        }
        int index = Integer.parseInt(id.substring(idPrefix.length()));
        return index < receivedAt.length() ? index : -1;
    }

    private static int find(byte[] body, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= body.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (body[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
