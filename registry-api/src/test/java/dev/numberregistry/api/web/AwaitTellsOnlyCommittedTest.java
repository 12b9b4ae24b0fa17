package dev.numberregistry.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.config.KafkaSettings;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code await=true} says APPLIED only for what the registry committed. Here the registry commits
 * once every two minutes: its stores show the event applied within moments, but until the commit
 * a crash would roll that back, so the answer stays PENDING.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwaitTellsOnlyCommittedTest implements EmbeddedRegistryTestProperties {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    KafkaSettings kafkaSettings;

    @Override
    public Map<String, String> moreProperties() {
        // Kafka Streams refuses a commit interval longer than its transactions may stay open.
        return Map.of("registry.streams.commit-interval", "120s",
                "registry.kafka.properties.producer.transaction.timeout.ms", "180000");
    }

    @Test
    void kafkaClientPropertiesKeepTheirDottedNames() {
        // Without this, the two-minute commit interval above would not start at all.
        assertThat(kafkaSettings.getProperties()).containsEntry("producer.transaction.timeout.ms", "180000");
    }

    @Test
    void anEventAppliedButNotYetCommittedIsPending() {
        HttpResponse<Map<String, Object>> answer = http.toBlocking().exchange(
                HttpRequest.POST("/events?await=true&timeout=3s", HostileIntakeTest.assigned("c-1", "+14155550120")),
                Argument.mapOf(String.class, Object.class));

        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.toBlocking()
                .retrieve(HttpRequest.GET("/numbers/%2B14155550120"), Map.class).get("status").equals("ACTIVE"));
        assertThat((List<Map<String, Object>>) answer.body().get("results")).singleElement()
                .satisfies(result -> assertThat(result).containsEntry("status", "ACCEPTED")
                        .containsEntry("outcome", "PENDING"));
    }
}
