package dev.numberregistry.api.subscription;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Posts one delivery to a subscription's sink, with the sink's credential, and says how it went.
 * The sink's address is checked again just before (what a name resolves to may have changed since
 * the subscription was made), and redirects are not followed: either could point the registry
 * into the carrier's own network.
 */
@Singleton
class SinkClient {

    private final SinkAddressPolicy addresses;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sink-client");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http;

    SinkClient(SinkAddressPolicy addresses, SubscriptionSettings settings, Clock clock) {
        this.addresses = addresses;
        this.clock = clock;
        this.timeout = settings.getRequestTimeout();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1).executor(executor).build();
    }

    /** How a delivery went: taken by the sink, or why not and when the sink asked to be tried again. */
    record Outcome(boolean delivered, String error, Optional<Duration> retryAfter) {
        static Outcome ok() {
            return new Outcome(true, null, Optional.empty());
        }

        static Outcome failed(String error) {
            return new Outcome(false, error, Optional.empty());
        }
    }

    CompletableFuture<Outcome> send(Subscription subscription, String eventId, byte[] body) {
        URI sink = URI.create(subscription.sink());
        return CompletableFuture.supplyAsync(() -> {
            addresses.resolveForDelivery(sink);
            return request(subscription, sink, eventId, body);
        }, executor).thenCompose(request -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .thenApply(SinkClient::outcomeOf)
                .exceptionally(failure -> Outcome.failed(describe(failure)));
    }

    private HttpRequest request(Subscription subscription, URI sink, String eventId, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(sink).timeout(timeout)
                .header("Content-Type", CloudEvent.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SinkCredential credential = subscription.sinkCredential();
        if (credential != null && credential.isHmac()) {
            long timestamp = clock.instant().getEpochSecond();
            request.header(WebhookSignature.ID_HEADER, eventId)
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER,
                            WebhookSignature.sign(credential.secret(), eventId, timestamp, body));
        } else if (credential != null && credential.accessToken() != null) {
            request.header("Authorization", "Bearer " + credential.accessToken());
        }
        return request.build();
    }

    private static Outcome outcomeOf(HttpResponse<Void> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Outcome.ok();
        }
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(SinkClient::seconds);
        return new Outcome(false, "the sink answered " + status, retryAfter);
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: the back-off decides
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        return cause instanceof RefusedSinkException ? "the sink is refused: " + cause.getMessage()
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
