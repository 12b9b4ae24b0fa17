package dev.numberregistry.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.numberregistry.api.kafka.RunningStreams;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The issue this answers: the banner came, and {@code /health} said UP, while queries still got
 * 503 NOT_READY. Now readiness is DOWN until the topology runs and queries answer, the banner
 * comes only then, and liveness is UP all along.
 */
class ReadyBannerTest {

    private final ListAppender<ILoggingEvent> banner = new ListAppender<>();

    private static int status(HttpClient http, String path) {
        return Exchanges.status(http, HttpRequest.GET(path));
    }

    private static HealthStatus health(HealthEndpoint endpoint, HealthCheckType type) {
        return Mono.from(endpoint.getHealth(null, type)).block(Duration.ofSeconds(10)).getStatus();
    }

    @Test
    void readinessIsDownUntilQueriesAnswerAndTheBannerComesOnlyThen() {
        Logger logger = (Logger) LoggerFactory.getLogger(ReadyBanner.class);
        banner.start();
        logger.addAppender(banner);
        Map<String, Object> properties = new HashMap<>(new EmbeddedRegistryTestProperties() { }.getProperties());
        // The HTTP server is not started yet: the topology waits for the port it advertises.
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            RunningStreams running = context.getBean(RunningStreams.class);
            HealthEndpoint health = context.getBean(HealthEndpoint.class);
            assertThat(running.started()).isEmpty();
            assertThat(health(health, HealthCheckType.READINESS)).isEqualTo(HealthStatus.DOWN);
            assertThat(health(health, HealthCheckType.LIVENESS)).isEqualTo(HealthStatus.UP);

            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            try (HttpClient http = context.createBean(HttpClient.class, server.getURL())) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    boolean bannerShown = !banner.list.isEmpty();
                    int readiness = status(http, "/health/readiness");
                    assertThat(status(http, "/health/liveness")).as("alive while starting").isEqualTo(200);
                    if (bannerShown) {
                        assertThat(readiness).as("the banner comes after readiness").isEqualTo(200);
                    }
                    if (readiness == 200) {
                        assertThat(running.started().orElseThrow().streams().state())
                                .isEqualTo(KafkaStreams.State.RUNNING);
                        assertThat(status(http, "/numbers/+14155550000")).as("ready: a query is answered, not 503")
                                .isEqualTo(404);
                    }
                    return readiness == 200;
                });
                assertThat(status(http, "/health")).isEqualTo(200);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !banner.list.isEmpty());
                assertThat(banner.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                        .startsWith("Number registry is ready. REST API: " + server.getURL()));
            }
        } finally {
            logger.detachAppender(banner);
        }
    }
}
