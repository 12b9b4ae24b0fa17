package dev.numberregistry.streams;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.NumberStatus;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.InJvmKafkaCluster;
import dev.numberregistry.streams.testing.RegistryRunner;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on a real broker, with exactly-once processing: the wiring the driver tests
 * cannot see (topics, transactions, changelogs, the loop of implied events through the log).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryTopologyIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final RegistryTopics TOPICS = RegistryTopics.DEFAULT;
    private static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();
    /** The events are dated in the past: this test is about applying them, not about time passing. */
    private static final DeadlineSweep NO_SWEEP_DURING_THE_TEST = new DeadlineSweep(Duration.ofHours(1),
            Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofSeconds(5));

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
    void everyRecordIsAppliedOrRejectedAndARegistryRebuiltFromTheLogReachesTheSameState() throws Exception {
        TestEvents alice = TestEvents.about("+14155552671");
        TestEvents bob = TestEvents.about("+61412345678");
        NumberEvent topUp = alice.on(1, new TopUpMade(1000, "USD", day(40)));
        List<NumberEvent> events = List.of(
                alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))),
                topUp,
                alice.on(2, new FlagRaised("f1", FlagKind.SPAM, FlagSeverity.LOW, "abuse", null)),
                bob.on(0, new NumberAssigned("bob", PlanType.PREPAID, day(5))),
                bob.on(5, new ValidityLapsed()),
                bob.on(35, new GraceExpired()),
                bob.on(36, new NumberReassigned("carol", PlanType.PREPAID, null)));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (NumberEvent event : events) {
                producer.send(new ProducerRecord<>(TOPICS.events(), bytes(event.number().e164()),
                        SERDES.events().serializer().serialize(TOPICS.events(), EventMapping.toWire(event))));
            }
            producer.send(new ProducerRecord<>(TOPICS.events(), bytes(alice.e164()),
                    SERDES.events().serializer().serialize(TOPICS.events(), EventMapping.toWire(topUp))));
            producer.send(new ProducerRecord<>(TOPICS.events(), bytes(alice.e164()), bytes("garbage")));
        }
        // In: 7 events, 1 duplicate, 1 undecodable, and the logged copy of the NumberRecycled that
        // bob's grace expiry implies: 10 records. The recycling is applied at once, so bob's
        // reassignment meets a quarantined number: rejected. Out: 7 states (6 events and the
        // implied recycling) and 3 rejections; the logged copy changes nothing.
        int recordsIn = events.size() + 3;

        Map<String, NumberState> live;
        try (KafkaStreams registry = RegistryRunner.start(kafka, "number-registry-it", stateDirs.resolve("number-registry-it"), PolicyBook.defaults(), NO_SWEEP_DURING_THE_TEST)) {
            List<RejectedEvent> rejections = TopicReader.readAtLeast(kafka.bootstrapServers(), TOPICS.rejected(), SERDES.rejections().deserializer(), 3);
            assertThat(rejections).extracting(RejectedEvent::getReasonCode)
                    .containsExactlyInAnyOrder("DUPLICATE_EVENT", "UNDECODABLE", "QUARANTINE_NOT_OVER");
            List<NumberState> stateUpdates = TopicReader.readAtLeast(kafka.bootstrapServers(), TOPICS.states(), SERDES.states().deserializer(), 7);
            assertThat(stateUpdates.size() + rejections.size()).isEqualTo(recordsIn);

            live = statesOf(registry, alice.e164(), bob.e164());
            assertThat(live.get(alice.e164()).getFlags()).hasSize(1);
            assertThat(live.get(bob.e164()).getStatus()).isEqualTo(NumberStatus.QUARANTINED);
            assertThat(live.get(bob.e164()).getPreviousHolder().getSubscriberRef()).isEqualTo("bob");
        }

        // A second registry with nothing but the log: the state is a fold of its events.
        try (KafkaStreams rebuilt = RegistryRunner.start(kafka, "number-registry-rebuilt", stateDirs.resolve("number-registry-rebuilt"), PolicyBook.defaults(), NO_SWEEP_DURING_THE_TEST)) {
            Awaitility.await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> statesOf(rebuilt, alice.e164(), bob.e164()).equals(live));
        }
    }


    private Map<String, NumberState> statesOf(KafkaStreams streams, String... numbers) {
        ReadOnlyKeyValueStore<String, NumberState> store = streams.store(StoreQueryParameters.fromNameAndType(
                RegistryStores.NUMBER_STATE, QueryableStoreTypes.keyValueStore()));
        Map<String, NumberState> states = new HashMap<>();
        for (String number : numbers) {
            states.put(number, store.get(number));
        }
        return states;
    }


    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
