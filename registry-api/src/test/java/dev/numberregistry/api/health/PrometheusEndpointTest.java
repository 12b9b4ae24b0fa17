package dev.numberregistry.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.Exchanges;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /prometheus} of a registry on its embedded broker, after one event applied, one rejected
 * and a few CAMARA checks (one without a valid token, a batch) over the HTTP API: the registry's own metrics count them, and every metric
 * the alert rules and the Grafana dashboard of {@code docker/} read is there.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusEndpointTest implements EmbeddedRegistryTestProperties {

    private static final String NUMBER = "+4930123456";

    @Inject
    @Client("/")
    HttpClient http;

    private int status(MutableHttpRequest<?> request) {
        return Exchanges.status(http, request);
    }

    private Scrape scrape() {
        return Scrape.of(http.toBlocking().retrieve(HttpRequest.GET("/prometheus"), String.class));
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    void sendSomeTraffic() {
        Exchanges.awaitReady(http);
        Map<String, Object> answer = http.toBlocking().retrieve(HttpRequest.POST("/events?await=true", """
                [{"eventId":"m-1","number":"%1$s","type":"NumberAssigned","occurredAt":"2025-01-05T09:00:00Z",
                  "source":"billing","subscriberRef":"sub-1","planType":"POSTPAID"},
                 {"eventId":"m-2","number":"%1$s","type":"NumberReassigned","occurredAt":"2025-02-05T09:00:00Z",
                  "source":"billing","subscriberRef":"sub-2","planType":"POSTPAID"}]""".formatted(NUMBER)), Map.class);
        assertThat((List<Map<String, Object>>) answer.get("results")).extracting(result -> result.get("outcome"))
                .containsExactly("APPLIED", "REJECTED");

        Map<String, Object> minted = http.toBlocking().retrieve(HttpRequest.POST("/dev/tokens", """
                {"subject":"bank-a","scopes":["number-recycling:check"]}"""), Map.class);
        HttpResponse<Map> checked = http.toBlocking().exchange(HttpRequest.POST("/number-recycling/v0.2/check", """
                {"phoneNumber":"%s","specifiedDate":"2025-01-06"}""".formatted(NUMBER))
                .bearerAuth((String) minted.get("access_token")), Map.class);
        assertThat(checked.body()).containsEntry("phoneNumberRecycled", false);
        http.toBlocking().exchange(HttpRequest.POST("/number-recycling/v0.2/check-batch", """
                {"checks":[{"phoneNumber":"%s","specifiedDate":"2025-01-06"},
                           {"phoneNumber":"+4930123499","specifiedDate":"2025-01-06"}]}""".formatted(NUMBER))
                .bearerAuth((String) minted.get("access_token")), Map.class);
        assertThat(status(HttpRequest.POST("/sim-swap/v2/check", """
                {"phoneNumber":"%s"}""".formatted(NUMBER)).bearerAuth("not-a-token"))).as("no valid token").isEqualTo(401);
    }

    @Test
    void theRegistrysOwnMetricsCountWhatHappened() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Scrape scrape = scrape();
            assertThat(scrape.sum("kafka_stream_registry_events_applied_total")).isEqualTo(1.0);
            assertThat(scrape.sum("kafka_stream_registry_events_rejected_total", Map.of("code", "NOT_AVAILABLE")))
                    .isEqualTo(1.0);
            assertThat(scrape.sum("kafka_stream_registry_events_rejected_total")).as("all codes").isEqualTo(1.0);
            assertThat(scrape.sum("kafka_stream_registry_events_rejected_total", Map.of("code", "DUPLICATE_EVENT")))
                    .as("a code never used is there, at 0").isEqualTo(0.0);
            assertThat(scrape.sum("registry_camara_checks_total",
                    Map.of("operation", "number-recycling/v0.2/check", "answer", "NOT_RECYCLED"))).isEqualTo(1.0);
            assertThat(scrape.sum("registry_camara_checks_total",
                    Map.of("operation", "sim-swap/v2/check", "answer", "UNAUTHENTICATED"))).isEqualTo(1.0);
            assertThat(scrape.sum("registry_camara_checks_total",
                    Map.of("operation", "number-recycling/v0.2/check-batch", "answer", "NOT_RECYCLED"))).isEqualTo(1.0);
            assertThat(scrape.sum("registry_camara_checks_total",
                    Map.of("operation", "number-recycling/v0.2/check-batch", "answer", "NO_DATA")))
                    .as("each check of a batch counts").isEqualTo(1.0);
            assertThat(scrape.sum("registry_ready")).isEqualTo(1.0);
            assertThat(scrape.sum("registry_kafka_reachable")).isEqualTo(1.0);
            assertThat(scrape.sum("registry_stream_thread_failures_total")).isEqualTo(0.0);
            assertThat(scrape.sum("registry_forwarded_queries_seconds_count", Map.of("outcome", "failed")))
                    .as("one instance forwards nothing").isEqualTo(0.0);
            assertThat(scrape.sum("http_server_requests_seconds_count", Map.of("uri", "/events", "method", "POST")))
                    .isEqualTo(1.0);
            assertThat(scrape.sum("kafka_stream_alive_stream_threads")).isPositive();
        });
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardReadIsExposed() throws IOException {
        Set<String> read = OperationsFiles.metricsIn(OperationsFiles.alertExpressions());
        read.addAll(OperationsFiles.metricsIn(OperationsFiles.dashboardExpressions()));
        assertThat(read).as("the parsing finds the metrics").contains("registry_ready",
                "kafka_stream_registry_events_rejected_total", "http_server_requests_seconds_count");

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(scrape().names()).containsAll(read));
    }
}
