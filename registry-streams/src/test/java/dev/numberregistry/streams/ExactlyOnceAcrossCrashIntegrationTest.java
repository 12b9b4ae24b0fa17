package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberResumed;
import dev.numberregistry.core.event.EventPayload.NumberSuspended;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.InJvmKafkaCluster;
import dev.numberregistry.streams.testing.RegistryProcess;
import dev.numberregistry.streams.testing.RegistryRunner;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopicReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry killed without warning (kill -9, in a JVM of its own) while it works, and started
 * again: a read_committed subscriber still sees every notification exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceAcrossCrashIntegrationTest {

    private static final int NUMBERS = 400;
    private static final RegistryTopics TOPICS = RegistryTopics.DEFAULT;
    private static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();

    private InJvmKafkaCluster kafka;

    @TempDir
    Path stateDir;

    @TempDir
    Path logs;

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
    void everyNotificationIsSeenOnceThoughTheRegistryCrashed() throws Exception {
        List<NumberEvent> events = new ArrayList<>();
        for (int i = 0; i < NUMBERS; i++) {
            TestEvents number = TestEvents.about("+4930" + (1_000_000 + i));
            events.add(number.on(0, new NumberAssigned("s-" + i, PlanType.POSTPAID, null)));
            events.add(number.on(1, new NumberSuspended(SuspensionReason.VOLUNTARY, null)));
            events.add(number.on(2, new NumberResumed()));
            events.add(number.on(3, new CancellationRequested()));
            events.add(number.on(4, new CancellationCompleted()));
            events.add(number.on(5, new NumberRecycled()));
        }
        // Each number: CANCELLED, then RECYCLED.
        int expected = 2 * NUMBERS;

        Process first = startRegistryProcess();
        send(events.subList(0, events.size() / 2));
        // Once the first registry has committed some work, kill it in the middle of the rest.
        TopicReader.readAtLeast(kafka.bootstrapServers(), TOPICS.states(), SERDES.states().deserializer(), 1);
        send(events.subList(events.size() / 2, events.size()));
        first.destroyForcibly().waitFor();

        Process second = startRegistryProcess();
        try {
            List<NumberRecycleNotification> notifications = TopicReader.readAtLeast(kafka.bootstrapServers(),
                    TOPICS.notifications(), SERDES.notifications().deserializer(), expected);

            Map<String, Long> copies = notifications.stream().collect(Collectors.groupingBy(
                    NumberRecycleNotification::getNotificationId, Collectors.counting()));
            assertThat(copies).hasSize(expected);
            assertThat(copies.values()).allMatch(count -> count == 1);
            List<NumberState> states = TopicReader.readAtLeast(kafka.bootstrapServers(), TOPICS.states(),
                    SERDES.states().deserializer(), events.size());
            assertThat(states.stream().collect(Collectors.toMap(NumberState::getNumber, Function.identity(),
                    (a, b) -> b))).hasSize(NUMBERS);
            assertThat(states).as("one state update per applied event, none twice")
                    .extracting(state -> state.getNumber() + "#" + state.getAppliedEvents())
                    .doesNotHaveDuplicates();
        } finally {
            second.destroyForcibly().waitFor();
        }
    }

    private Process startRegistryProcess() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                RegistryProcess.class.getName(), kafka.bootstrapServers(), "crash-test-registry", stateDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("registry-process-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    private void send(List<NumberEvent> events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (NumberEvent event : events) {
                producer.send(new ProducerRecord<>(TOPICS.events(), event.number().e164(),
                        SERDES.events().serializer().serialize(TOPICS.events(), EventMapping.toWire(event))));
            }
        }
    }
}
