package dev.numberregistry.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.Exchanges;
import dev.numberregistry.api.MovableClock;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Health tells the truth about the stream threads. A thread that failed is replaced at once, so
 * it neither restarts the pod (liveness stays UP) nor stops the queries (readiness stays UP); it
 * shows in the details of {@code /health} for five minutes by default, and in the metrics for
 * good. A topology that stopped makes liveness DOWN. The test moves the registry's clock instead
 * of waiting.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamsHealthTest implements EmbeddedRegistryTestProperties {

    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StreamThreadFailures failures;

    @Inject
    RunningStreams running;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    private record Health(int status, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> details(String indicator) {
            Map<String, Object> indicators = (Map<String, Object>) body.get("details");
            return (Map<String, Object>) ((Map<String, Object>) indicators.get(indicator)).get("details");
        }
    }

    @SuppressWarnings("unchecked")
    private Health health(String path) {
        HttpResponse<Map> response = Exchanges.exchange(http, HttpRequest.GET(path), Map.class);
        return new Health(response.code(), response.getBody(Map.class).orElseThrow());
    }

    private String metrics() {
        return http.toBlocking().retrieve(HttpRequest.GET("/prometheus"), String.class);
    }

    @BeforeAll
    void ready() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Health readiness = health("/health/readiness");
            assertThat(readiness.status()).as("%s", readiness.body()).isEqualTo(200);
        });
    }

    @Test
    @Order(1)
    void aFailedStreamThreadShowsInHealthAndMetricsWithoutTakingTheRegistryDown() {
        failures.failed("number-registry-StreamThread-1", new IllegalStateException("a poison pill"));

        Health liveness = health("/health/liveness");
        assertThat(liveness.status()).as("a replaced thread is no reason to restart").isEqualTo(200);
        assertThat(liveness.details("streams")).containsEntry("threadFailures", 1)
                .containsEntry("lastThreadFailure", Map.of("at", clock.instant().toString(),
                        "thread", "number-registry-StreamThread-1",
                        "error", "java.lang.IllegalStateException: a poison pill"));
        assertThat(health("/health").details("streams")).containsKey("lastThreadFailure");
        assertThat(health("/health/readiness").status()).as("the queries still answer").isEqualTo(200);
        assertThat(metrics()).contains("registry_stream_thread_failures_total 1.0");

        clock.advance(Duration.ofMinutes(4));
        assertThat(health("/health/liveness").details("streams")).as("four minutes later")
                .containsKey("lastThreadFailure");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(health("/health/liveness").details("streams")).as("five minutes later")
                .doesNotContainKey("lastThreadFailure").containsEntry("threadFailures", 1);
    }

    @Test
    @Order(2)
    void aStoppedTopologyMakesLivenessDown() {
        running.started().orElseThrow().streams().close(Duration.ofSeconds(30));

        Health liveness = health("/health/liveness");
        assertThat(liveness.status()).isEqualTo(503);
        assertThat(liveness.details("streams")).containsEntry("state", "NOT_RUNNING");
        Health readiness = health("/health/readiness");
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.details("queries")).containsKey("reason");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metrics().contains("registry_ready 0.0"));
    }
}
