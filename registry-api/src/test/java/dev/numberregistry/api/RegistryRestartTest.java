package dev.numberregistry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps its data in the working directory: a restart loses nothing. */
class RegistryRestartTest {

    @TempDir
    Path workingDirectory;

    private EmbeddedServer start() {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", "-1",
                "registry.kafka.embedded-port", "0",
                "registry.kafka.embedded-data-dir", workingDirectory.resolve("data/kafka").toString(),
                "registry.streams.state-dir", workingDirectory.resolve("data/streams").toString()));
    }

    private static Map<?, ?> awaitState(HttpClient client) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> client.toBlocking().retrieve(HttpRequest.GET("/numbers/14155552671"), Map.class),
                        state -> "sub-1".equals(((Map<?, ?>) state.get("holder")).get("subscriberRef")));
    }

    @Test
    void aRestartedRegistryStillKnowsEveryNumber() {
        Map<?, ?> before;
        try (EmbeddedServer first = start(); HttpClient client = first.getApplicationContext().createBean(HttpClient.class, first.getURL())) {
            client.toBlocking().exchange(HttpRequest.POST("/events", """
                    {"eventId":"r-1","number":"+14155552671","type":"NumberAssigned",
                     "occurredAt":"2026-01-01T00:00:00Z","source":"billing",
                     "subscriberRef":"sub-1","planType":"POSTPAID"}"""));
            before = awaitState(client);
        }

        try (EmbeddedServer second = start(); HttpClient client = second.getApplicationContext().createBean(HttpClient.class, second.getURL())) {
            assertThat(awaitState(client)).isEqualTo(before);
        }
    }
}
