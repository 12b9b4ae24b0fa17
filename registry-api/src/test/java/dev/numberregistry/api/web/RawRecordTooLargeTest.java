package dev.numberregistry.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.api.kafka.StreamThreadFailures;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.IntakeRejection;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.codec.RejectionRecords;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.TopicReader;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record as large as the broker takes, published with a real non-Java client (kcat, on
 * librdkafka), straight onto the event topic: rejected with its first bytes and its length, and
 * the registry goes on for every other number without a stream thread failing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawRecordTooLargeTest implements EmbeddedRegistryTestProperties {

    private static final int RECORD_BYTES = 1_048_400;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    KafkaClientProperties kafka;

    @Inject
    StreamThreadFailures failures;

    @TempDir
    Path files;

    @Test
    void aMegabyteOfRandomBytesIsRejectedAndTheRegistryGoesOn() throws Exception {
        byte[] garbage = new byte[RECORD_BYTES];
        new Random(8).nextBytes(garbage);
        Path record = Files.write(files.resolve("record.bin"), garbage);

        publishWithKcat("+14155550140", record);
        // A number in the same partition: its task is the one that met the megabyte first.
        String next = sharingThePartitionOf("+14155550140");
        HttpResponse<Map<String, Object>> answer = http.toBlocking().exchange(HttpRequest.POST(
                "/events?await=true&timeout=30s", HostileIntakeTest.assigned("after-1", next)),
                Argument.mapOf(String.class, Object.class));

        assertThat((List<Map<String, Object>>) answer.body().get("results")).singleElement()
                .satisfies(result -> assertThat(result).containsEntry("outcome", "APPLIED"));
        RejectedEvent rejection = rejectionOf("+14155550140");
        assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.TOO_LARGE.name());
        assertThat(rejection.getRawValueLength()).isEqualTo(RECORD_BYTES);
        assertThat(rejection.getRawValue().remaining()).isEqualTo(RejectionRecords.MAX_RAW_VALUE_BYTES);
        assertThat(failures.lastSince(Instant.EPOCH)).as("no stream thread failed").isEmpty();
    }

    private String sharingThePartitionOf(String e164) {
        EventPlacement placement = new EventPlacement(Integer.parseInt(getProperties().get("registry.kafka.partitions")));
        int partition = placement.partitionOf(e164.getBytes(StandardCharsets.UTF_8));
        for (long candidate = Long.parseLong(e164.substring(1)) + 1; ; candidate++) {
            if (placement.partitionOf(("+" + candidate).getBytes(StandardCharsets.UTF_8)) == partition) {
                return "+" + candidate;
            }
        }
    }

    private void publishWithKcat(String key, Path value) throws Exception {
        assertThat(Path.of("/usr/bin/kcat")).as("kcat, which the test command (bash .ci/run) installs").exists();
        String bootstrap = (String) kafka.common().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", bootstrap, "-t", RegistryTopics.DEFAULT.events(),
                "-k", key, "-X", "message.max.bytes=2000000", value.toString())
                .redirectErrorStream(true).start();
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes())).isZero();
    }

    private RejectedEvent rejectionOf(String key) {
        return TopicReader.readAtLeast((String) kafka.common().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                RegistryTopics.DEFAULT.rejected(), RegistrySerdes.singleObjectAvro().rejections().deserializer(),
                key, 1).get(0);
    }
}
