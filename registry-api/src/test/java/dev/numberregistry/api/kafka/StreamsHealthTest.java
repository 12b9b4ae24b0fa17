package dev.numberregistry.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Health tells the truth about the stream threads: a thread that failed keeps {@code /health}
 * DOWN for a while (five minutes by default), although Kafka Streams replaced it at once and its
 * client state says RUNNING. The test moves the registry's clock instead of waiting.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsHealthTest implements EmbeddedRegistryTestProperties {

    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StreamThreadFailures failures;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
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
        clock.advance(Duration.ofMinutes(4));
        assertThat(healthStatus()).as("four minutes later").isEqualTo(503);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(healthStatus()).as("five minutes later").isEqualTo(200);
    }

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(instant -> instant.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
