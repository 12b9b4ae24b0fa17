package dev.numberregistry.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.Exchanges;
import dev.numberregistry.api.JsonBodies;
import dev.numberregistry.api.config.AuditSettings;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.api.security.TestCredentials;
import dev.numberregistry.streams.audit.AuditRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * When Kafka cannot take a request's record, the answer is withheld: the bank gets 503 UNAVAILABLE
 * in the CAMARA format, with Retry-After and its correlator, and learns nothing it could later deny
 * having been told.
 */
@MicronautTest(environments = {AuditRefusedTest.ENVIRONMENT, TestCredentials.EXPLICIT})
class AuditRefusedTest implements EmbeddedRegistryTestProperties {

    static final String ENVIRONMENT = "audit-refused";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RefusingAuditTrail trail;

    @Test
    void anAnswerThatCannotBeRecordedIsNotGiven() {
        Exchanges.awaitReady(http);
        String bank = (String) JsonBodies.object(Exchanges.exchange(http, HttpRequest.POST("/dev/tokens",
                "{\"subject\":\"bank-a\",\"scopes\":[\"number-recycling:check\"]}"), String.class).body())
                .get("access_token");

        HttpResponse<String> answer = Exchanges.exchange(http, HttpRequest.POST("/number-recycling/v0.2/check",
                        "{\"phoneNumber\":\"+14155550111\",\"specifiedDate\":\"2024-03-01\"}")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bank).header("x-correlator", "withheld-1"), String.class);

        assertThat(answer.code()).isEqualTo(503);
        assertThat(JsonBodies.object(answer.body())).containsEntry("status", 503).containsEntry("code", "UNAVAILABLE");
        assertThat(answer.body()).contains("audit trail").doesNotContain("IDENTIFIER_NOT_FOUND");
        assertThat(answer.header("Retry-After")).isEqualTo("5");
        assertThat(answer.header("x-correlator")).isEqualTo("withheld-1");
        assertThat(trail.refused).singleElement().satisfies(record -> {
            assertThat(record.client()).isEqualTo("bank-a");
            assertThat(record.status()).as("the answer that was withheld").isEqualTo(404);
        });
    }

    /** Kafka refuses every record, as when the audit topic's leaders are out of reach for longer than the write timeout. */
    @Singleton
    @Replaces(AuditTrail.class)
    @Requires(env = ENVIRONMENT)
    static class RefusingAuditTrail extends AuditTrail {
        final List<AuditRecord> refused = new ArrayList<>();

        RefusingAuditTrail(KafkaClientProperties clientProperties, AuditSettings settings, MeterRegistry meters) {
            super(clientProperties, settings, meters);
        }

        @Override
        public synchronized CompletableFuture<Void> record(AuditRecord record) {
            refused.add(record);
            return CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s) for registry-audit-0"));
        }
    }
}
