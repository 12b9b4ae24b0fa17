package dev.numberregistry.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.api.EmbeddedRegistryTestProperties;
import dev.numberregistry.api.kafka.KafkaClientProperties;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.EventPlacement;
import dev.numberregistry.streams.IntakeRejection;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.TopicReader;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A billing system on librdkafka (here kcat, from Debian) keeps its client's default partitioner,
 * which hashes keys with CRC32 where Java uses murmur2: its records land in other partitions than
 * the registry's tasks and queries expect. The registry moves each to its key's partition, so
 * every event of a number meets that number's state, and a copy of an event in another partition
 * is still recognised as a duplicate.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForeignPartitionerTest implements EmbeddedRegistryTestProperties {

    private static final int PARTITIONS = 6;
    private static final EventPlacement JAVA = new EventPlacement(PARTITIONS);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    KafkaClientProperties kafka;

    @TempDir
    Path files;

    @Override
    public Map<String, String> moreProperties() {
        return Map.of("registry.kafka.partitions", Integer.toString(PARTITIONS));
    }

    /** librdkafka's default partitioner for a keyed record (consistent_random: CRC32 of the key). */
    private static int librdkafkaPartitionOf(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    /** A US number from {@code from} on that the two partitioners put in different partitions. */
    private static PhoneNumber misplacedByLibrdkafka(long from) {
        for (long candidate = from; ; candidate++) {
            String e164 = "+" + candidate;
            if (librdkafkaPartitionOf(e164) != JAVA.partitionOf(e164.getBytes(StandardCharsets.UTF_8))) {
                return PhoneNumber.parse(e164);
            }
        }
    }

    private Path encoded(NumberEvent event) throws Exception {
        byte[] value = RegistrySerdes.singleObjectAvro().events().serializer()
                .serialize(RegistryTopics.DEFAULT.events(), EventMapping.toWire(event));
        return Files.write(files.resolve(event.eventId() + ".avro"), value);
    }

    private static NumberEvent event(String id, PhoneNumber number, int day, EventPayload payload) {
        Instant at = Instant.parse("2030-01-01T00:00:00Z").plus(Duration.ofDays(day));
        return new NumberEvent(id, number, at, at, "billing-c", payload);
    }

    /** Each file one record, in order, keyed by the number; {@code options} such as a partitioner. */
    private void kcat(PhoneNumber number, List<Path> records, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("kcat", "-P", "-b",
                bootstrapServers(),
                "-t", RegistryTopics.DEFAULT.events(), "-k", number.e164(), "-X", "enable.idempotence=true"));
        command.addAll(List.of(options));
        records.forEach(record -> command.add(record.toString()));
        Process kcat = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        assertThat(kcat.exitValue()).as(new String(kcat.getInputStream().readAllBytes())).isZero();
    }

    private Map<String, Object> state(PhoneNumber number) {
        return http.toBlocking().retrieve(HttpRequest.GET("/numbers/" + number.e164().replace("+", "%2B")),
                Argument.mapOf(String.class, Object.class));
    }

    @Test
    void eventsFromLibrdkafkasDefaultPartitionerMeetTheirNumbersState() throws Exception {
        PhoneNumber number = misplacedByLibrdkafka(14155550200L);
        NumberEvent assigned = event("c-1", number, 0, new EventPayload.NumberAssigned("sub-c", PlanType.POSTPAID, null));
        NumberEvent simChanged = event("c-2", number, 3, new EventPayload.SimChanged("new eSIM"));

        kcat(number, List.of(encoded(assigned), encoded(simChanged)));

        Awaitility.await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> ((Number) state(number).get("appliedEvents")).intValue() == 2);
        assertThat(state(number)).containsEntry("lastSimChangeAt", "2030-01-04T00:00:00Z");
        Map<String, Object> history = http.toBlocking().retrieve(HttpRequest.GET("/numbers/"
                + number.e164().replace("+", "%2B") + "/history"), Argument.mapOf(String.class, Object.class));
        assertThat((List<Map<String, Object>>) history.get("events")).extracting(e -> e.get("eventId"))
                .containsExactly("c-1", "c-2");
        assertThat(partitionsHolding(number)).as("kcat's partition, then the key's")
                .containsExactlyInAnyOrder(librdkafkaPartitionOf(number.e164()),
                        JAVA.partitionOf(number.e164().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCopyInAnotherPartitionIsADuplicateNotASecondCancellation() throws Exception {
        PhoneNumber number = misplacedByLibrdkafka(14155550300L);
        List<Path> life = List.of(
                encoded(event("d-1", number, 0, new EventPayload.NumberAssigned("sub-d", PlanType.POSTPAID, null))),
                encoded(event("d-2", number, 1, new EventPayload.CancellationRequested())),
                encoded(event("d-3", number, 2, new EventPayload.CancellationCompleted())));

        kcat(number, life, "-X", "partitioner=murmur2_random");
        kcat(number, life);

        List<RejectedEvent> duplicates = TopicReader.readAtLeast(bootstrapServers(), RegistryTopics.DEFAULT.rejected(),
                RegistrySerdes.singleObjectAvro().rejections().deserializer(), number.e164(), 3);
        assertThat(duplicates).extracting(RejectedEvent::getReasonCode)
                .containsOnly(IntakeRejection.DUPLICATE_EVENT.name());
        List<NumberRecycleNotification> notifications = TopicReader.readAtLeast(bootstrapServers(),
                RegistryTopics.DEFAULT.notifications(), RegistrySerdes.singleObjectAvro().notifications().deserializer(),
                number.e164(), 1);
        assertThat(notifications).extracting(NumberRecycleNotification::getKind)
                .containsExactly(NotificationKind.CANCELLED);
        assertThat(state(number)).containsEntry("status", "CANCELLED").containsEntry("appliedEvents", 3);
    }

    /** The partitions of the event log that hold a record keyed by the number. */
    private Set<Integer> partitionsHolding(PhoneNumber number) {
        Map<String, Object> properties = consumerProperties();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(RegistryTopics.DEFAULT.events()));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            Awaitility.await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (number.e164().equals(record.key())) {
                        found.add(record);
                    }
                });
                return found.size() >= 4;
            });
            return found.stream().map(ConsumerRecord::partition).collect(Collectors.toSet());
        }
    }

    private String bootstrapServers() {
        return (String) kafka.common().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = kafka.common();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "foreign-partitioner-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return properties;
    }
}
