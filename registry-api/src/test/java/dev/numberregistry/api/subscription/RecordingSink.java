package dev.numberregistry.api.subscription;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A bank's sink in the tests: a real HTTP server on a free port of the loopback address that takes
 * every POST (204) and keeps what it was sent, in the order it arrived. It can go down (its port
 * closed: connections refused) and come back on the same port.
 */
public final class RecordingSink implements AutoCloseable {

    /** What the sink was sent: the request's headers (lower case) and its body. */
    public record Received(Map<String, String> headers, String body, long receivedAtNanos) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile int status = 204;
    private volatile long delayMillis;
    private HttpServer server;

    public RecordingSink() {
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/events";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Answers every delivery with this status from now on (204 takes them). */
    void answer(int status) {
        this.status = status;
    }

    /** Takes this long over each delivery, as a sink far away does. */
    public void takeTime(long millis) {
        this.delayMillis = millis;
    }

    synchronized void goDown() {
        server.stop(0);
        server = null;
    }

    synchronized void comeBack() {
        server = listen(port);
    }

    private HttpServer listen(int onPort) {
        try {
            HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
            listening.createContext("/", this::take);
            listening.setExecutor(Executors.newFixedThreadPool(4));
            listening.start();
            return listening;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void take(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        byte[] body = exchange.getRequestBody().readAllBytes();
        int answer = status;
        if (answer < 300) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            received.add(new Received(headers, new String(body, StandardCharsets.UTF_8), at));
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis); // the sink's own latency, not the test waiting for something
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(answer, -1);
        exchange.close();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
