package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.NumberStatus;
import dev.numberregistry.schema.ReminderKind;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.InJvmKafkaCluster;
import dev.numberregistry.streams.testing.RegistryRunner;
import dev.numberregistry.streams.testing.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A number left alone on a real broker, under a policy of seconds: after its first event nobody
 * sends anything, and it walks from active through grace, expiry, recycling and quarantine to
 * available, with its reminders on the way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimedLifeIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final RegistryTopics TOPICS = RegistryTopics.DEFAULT;
    private static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();
    private static final PolicyBook SECONDS = new PolicyBook(new LifecyclePolicy(Duration.ofSeconds(3),
            Duration.ofSeconds(3), true, List.of(Duration.ofSeconds(2))), List.of());
    private static final DeadlineSweep QUICK = new DeadlineSweep(Duration.ofMillis(100), Duration.ofMillis(200),
            Duration.ofMinutes(1), Duration.ofSeconds(1));

    private InJvmKafkaCluster kafka;

    @TempDir
    Path stateDirs;

    @BeforeAll
    void startKafka() {
        kafka = InJvmKafkaCluster.start();
        RegistryRunner.createTopics(kafka, 2);
    }

    @AfterAll
    void stopKafka() {
        kafka.close();
    }

    @Test
    void aNumberLeftAloneWalksThroughItsTimedLifeAndARebuiltRegistryAgrees() {
        PhoneNumber number = PhoneNumber.parse("+33612345678");
        NumberState walked;
        Instant now;
        try (KafkaStreams registry = RegistryRunner.start(kafka, "timed-registry", stateDirs.resolve("timed-registry"), SECONDS, QUICK)) {
            Awaitility.await().atMost(PATIENCE).until(() -> registry.state() == KafkaStreams.State.RUNNING);
            now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            send(new NumberEvent("timed-1", number, now, now, "billing",
                    new NumberAssigned("alice", PlanType.PREPAID, now.plusSeconds(4))));
            Awaitility.await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> stateOf(registry, number).getStatus() == NumberStatus.AVAILABLE);
            walked = stateOf(registry, number);
        }

        assertThat(walked.getPreviousHolder().getSubscriberRef()).isEqualTo("alice");
        assertThat(walked.getLastRecycledAt()).isEqualTo(now.plusSeconds(7));
        List<String> decisions = TopicReader.readAtLeast(kafka.bootstrapServers(), TOPICS.events(), SERDES.events().deserializer(), 5).stream()
                .filter(event -> NumberEvent.REGISTRY_SOURCE.equals(event.getSource()))
                .map(event -> EventMapping.typeOf(event) + "@" + Duration.between(now, event.getOccurredAt()).toSeconds())
                .toList();
        assertThat(decisions).containsExactly("ValidityLapsed@4", "GraceExpired@7", "NumberRecycled@7",
                "QuarantineEnded@10");
        List<NumberReminder> reminders = TopicReader.readAtLeast(kafka.bootstrapServers(), TOPICS.reminders(), SERDES.reminders().deserializer(), 2);
        assertThat(reminders).extracting(NumberReminder::getKind)
                .containsExactly(ReminderKind.VALIDITY_ENDING, ReminderKind.GRACE_ENDING);

        List<NumberRecycleNotification> notifications = TopicReader.readAtLeast(kafka.bootstrapServers(), TOPICS.notifications(),
                SERDES.notifications().deserializer(), 1);
        assertThat(notifications).singleElement().satisfies(notification -> {
            assertThat(notification.getKind()).isEqualTo(NotificationKind.RECYCLED);
            assertThat(notification.getQuarantineEndsAt()).isEqualTo(now.plusSeconds(10));
            assertThat(notification.getAgeingPeriod()).isEqualTo("PT3S");
        });

        try (KafkaStreams rebuilt = RegistryRunner.start(kafka, "timed-registry-rebuilt", stateDirs.resolve("timed-registry-rebuilt"), SECONDS, QUICK)) {
            Awaitility.await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> stateOf(rebuilt, number).equals(walked));
        }
    }

    private void send(NumberEvent event) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPICS.events(), event.number().e164(),
                    SERDES.events().serializer().serialize(TOPICS.events(), EventMapping.toWire(event))));
        }
    }


    private static NumberState stateOf(KafkaStreams streams, PhoneNumber number) {
        return streams.store(StoreQueryParameters.fromNameAndType(RegistryStores.NUMBER_STATE,
                QueryableStoreTypes.<String, NumberState>keyValueStore())).get(number.e164());
    }

}
