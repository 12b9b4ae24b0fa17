package dev.numberregistry.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Requests as the tests make them: every answer is an answer, whatever its status. */
public final class Exchanges {

    private Exchanges() {
    }

    /** The answer, a 4xx or 5xx too (the blocking client throws those; the exception holds the answer). */
    @SuppressWarnings("unchecked")
    public static <B> HttpResponse<B> exchange(HttpClient client, HttpRequest<?> request, Class<B> body) {
        try {
            return client.toBlocking().exchange(request, body);
        } catch (HttpClientResponseException e) {
            return (HttpResponse<B>) e.getResponse();
        }
    }

    public static int status(HttpClient client, HttpRequest<?> request) {
        return exchange(client, request, String.class).code();
    }

    /** Waits, a minute at most, until the registry's readiness says UP: its queries answer. */
    public static void awaitReady(HttpClient client) {
        Awaitility.await("/health/readiness UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(client, HttpRequest.GET("/health/readiness")) == 200);
    }
}
