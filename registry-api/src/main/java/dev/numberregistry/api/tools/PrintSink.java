package dev.numberregistry.api.tools;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.numberregistry.api.subscription.WebhookSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * A subscriber's sink, as a bank would write one, and a tool to try subscriptions:
 * {@code java -cp number-registry.jar dev.numberregistry.api.tools.PrintSink [port] [secret]}.
 * Listens on 127.0.0.1, takes every POST (204) and prints its CloudEvent on one line; given the
 * subscription's HMAC secret, it first checks each delivery's signature as a bank must (Standard
 * Webhooks: the signature, and a timestamp within five minutes, against replays), and refuses
 * (401) one that fails.
 */
public final class PrintSink {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private PrintSink() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        String secret = args.length > 1 ? args[1] : null;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> take(exchange, secret));
        server.start();
        System.out.println("Listening on http://127.0.0.1:" + port + "/events" + (secret == null ? ""
                : ", checking signatures") + " (Ctrl-C to stop)");
        new CountDownLatch(1).await();
    }

    private static void take(HttpExchange exchange, String secret) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status = 204;
        if (secret != null && !signedWith(secret, exchange, body)) {
            System.out.println("REFUSED (signature or timestamp not valid): " + exchange.getRequestHeaders()
                    .getFirst(WebhookSignature.ID_HEADER));
            status = 401;
        } else {
            System.out.println(new String(body, StandardCharsets.UTF_8));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static boolean signedWith(String secret, HttpExchange exchange, byte[] body) {
        String id = exchange.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER);
        String timestamp = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
        String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
        if (id == null || timestamp == null || signature == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), Instant.now()).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        byte[] expected = WebhookSignature.sign(secret, id, seconds, body).getBytes(StandardCharsets.UTF_8);
        // The header may carry several space-separated signatures (while a secret is rotated).
        for (String candidate : signature.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
}
