package dev.numberregistry.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Health tells the truth about the stream threads: a thread that failed keeps {@code /health}
 * DOWN for a while, although Kafka Streams replaced it at once and its client state says RUNNING.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsHealthTest implements EmbeddedRegistryTestProperties {

    private static final Duration MEMORY = Duration.ofSeconds(3);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StreamThreadFailures failures;

    @Override
    public Map<String, String> moreProperties() {
        return Map.of("registry.streams.thread-failure-memory", MEMORY.toSeconds() + "s");
    }

    private int healthStatus() {
        try {
            return http.toBlocking().exchange(HttpRequest.GET("/health")).code();
        } catch (HttpClientResponseException e) {
            return e.code();
        }
    }

    @Test
    void aFailedStreamThreadMakesHealthDownUntilItIsThatLongAgo() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> healthStatus() == 200);

        failures.failed("number-registry-StreamThread-1", new IllegalStateException("a poison pill"));

        assertThat(healthStatus()).isEqualTo(503);
        Awaitility.await().atMost(MEMORY.multipliedBy(4)).until(() -> healthStatus() == 200);
    }
}
