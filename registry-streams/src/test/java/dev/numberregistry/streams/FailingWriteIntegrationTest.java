package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.NumberState;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record whose writing fails every time (here the history store cannot encode it: a defect the
 * registry's guard cannot see before it writes) fails the stream thread once, is processed again
 * by the thread that replaces it, fails again, and is then rejected: the stream goes on, on a real
 * broker under exactly-once.
 */
class FailingWriteIntegrationTest {

    private static final String POISON = "poison-write";
    private static final DeadlineSweep NO_SWEEP = new DeadlineSweep(Duration.ofHours(1), Duration.ofMillis(200),
            Duration.ofMinutes(1), Duration.ofSeconds(5));

    @TempDir
    Path stateDir;

    /** The registry's serdes, but events with the poison id cannot be encoded for the history store. */
    private static RegistrySerdes failingOnPoison() {
        RegistrySerdes defaults = RegistrySerdes.singleObjectAvro();
        Serializer<dev.numberregistry.schema.NumberEvent> encoder = defaults.events().serializer();
        Serde<dev.numberregistry.schema.NumberEvent> events = Serdes.serdeFrom((topic, event) -> {
            if (event != null && POISON.equals(event.getEventId())) {
                throw new SerializationException("cannot encode " + POISON);
            }
            return encoder.serialize(topic, event);
        }, defaults.events().deserializer());
        RegistrySerdes poisonedStores = new RegistrySerdes.Dialects(events, defaults.states(), defaults.rejections(),
                defaults.reminders(), defaults.notifications());
        return new RegistrySerdes() {
            @Override
            public Serde<dev.numberregistry.schema.NumberEvent> events() {
                return defaults.events();
            }

            @Override
            public Serde<NumberState> states() {
                return defaults.states();
            }

            @Override
            public Serde<RejectedEvent> rejections() {
                return defaults.rejections();
            }

            @Override
            public Serde<NumberReminder> reminders() {
                return defaults.reminders();
            }

            @Override
            public Serde<NumberRecycleNotification> notifications() {
                return defaults.notifications();
            }

            @Override
            public RegistrySerdes stores() {
                return poisonedStores;
            }
        };
    }

    @Test
    void aRecordWhoseWriteFailsTwiceIsRejectedAndTheStreamGoesOn() {
        TestEvents alice = TestEvents.about("+14155552671");
        TestEvents bob = TestEvents.about("+61412345678");
        RegistrySerdes serdes = RegistrySerdes.singleObjectAvro();
        NumberEvent poison = new NumberEvent(POISON, alice.number(), TestEvents.day(1), TestEvents.day(1), "billing",
                new FlagRaised("f1", FlagKind.SPAM, FlagSeverity.LOW, "desk", null));
        try (InJvmKafkaCluster kafka = InJvmKafkaCluster.start()) {
            RegistryRunner.createTopics(kafka, 1);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (NumberEvent event : List.of(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null)),
                        poison, bob.on(2, new NumberAssigned("bob", PlanType.POSTPAID, null)))) {
                    producer.send(new ProducerRecord<>(RegistryTopics.DEFAULT.events(),
                            event.number().e164().getBytes(StandardCharsets.UTF_8),
                            serdes.events().serializer().serialize("t", EventMapping.toWire(event))));
                }
            }

            try (KafkaStreams registry = RegistryRunner.start(kafka.bootstrapServers(), "failing-write",
                    stateDir, PolicyBook.defaults(), NO_SWEEP, failingOnPoison())) {
                List<NumberState> states = TopicReader.readAtLeast(kafka.bootstrapServers(),
                        RegistryTopics.DEFAULT.states(), serdes.states().deserializer(), 2);
                List<RejectedEvent> rejections = TopicReader.readAtLeast(kafka.bootstrapServers(),
                        RegistryTopics.DEFAULT.rejected(), serdes.rejections().deserializer(), 1);

                assertThat(states).extracting(NumberState::getNumber).as("alice before, then bob")
                        .containsExactly(alice.e164(), bob.e164());
                assertThat(rejections).singleElement().satisfies(rejection -> {
                    assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.PROCESSING_ERROR.name());
                    assertThat(rejection.getReason()).startsWith("the registry failed twice on this input")
                            .contains("cannot encode " + POISON);
                    assertThat(rejection.getOrigin()).isEqualTo(RegistryTopics.DEFAULT.events() + "-0@1");
                });
                assertThat(registry.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
            }
        }
    }
}
