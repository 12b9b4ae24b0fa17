package dev.numberregistry.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numberregistry.api.JsonBodies;
import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.FlagCleared;
import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberResumed;
import dev.numberregistry.core.event.EventPayload.NumberSuspended;
import dev.numberregistry.core.event.EventPayload.SimChanged;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.Decision;
import dev.numberregistry.core.lifecycle.Lifecycle;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.streams.RegistryTopics;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.TopicReader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry on a cluster as a carrier runs it: a KRaft controller and three brokers (3 replicas,
 * 2 in sync), and two registry instances, every one a process of its own. Events flow while a
 * broker is down, while an instance is killed without warning and while the instances restart one
 * by one; meanwhile a reader asks both instances about every number. Afterwards every number's
 * state is the fold of its events, every notification is on its topic exactly once for a
 * read_committed reader, and no answer was ever wrong: a 503 or a state not caught up yet is an
 * honest answer, a state that no prefix of the number's events makes is not.
 */
class RealClusterTest {

    private static final Logger LOG = LoggerFactory.getLogger(RealClusterTest.class);

    private static final int NUMBERS = 120;
    private static final int PARTITIONS = 6;
    private static final RegistryTopics TOPICS = RegistryTopics.DEFAULT;
    private static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** Far enough ahead that no deadline of these numbers comes due while the test runs. */
    private static final Instant START = Instant.parse("2035-01-01T00:00:00Z");

    @TempDir
    Path directory;

    private final List<List<NumberEvent>> scripts = IntStream.range(0, NUMBERS).mapToObj(RealClusterTest::script)
            .toList();
    private final List<List<NumberState>> folds = scripts.stream().map(RealClusterTest::fold).toList();
    private final AtomicIntegerArray sent = new AtomicIntegerArray(NUMBERS);

    @Test
    void numbersEndAsTheFoldOfTheirEventsThroughBrokerAndInstanceFailures() throws Exception {
        try (ProcessKafkaCluster kafka = ProcessKafkaCluster.start(directory);
             KafkaProducer<String, byte[]> producer = producer(kafka)) {
            RegistryInstance first = RegistryInstance.on(kafka, "registry-1", directory, PARTITIONS).start();
            RegistryInstance second = RegistryInstance.on(kafka, "registry-2", directory, PARTITIONS).start();
            Reader reader = new Reader(List.of(first, second));
            Thread reading = new Thread(reader, "reader");
            reading.start();
            try {
                sendRound(producer, 0);
                sendRound(producer, 1);

                kafka.killBroker(2);
                sendRound(producer, 2);
                sendRound(producer, 3);
                kafka.restartBroker(2);

                first.kill();
                sendRound(producer, 4);
                sendRound(producer, 5);
                first.start();

                first.stop();
                sendRound(producer, 6);
                first.start();
                second.stop();
                sendRound(producer, 7);
                second.start();
                sendRound(producer, 8);

                awaitEveryNumberCaughtUp(second);
            } finally {
                reader.stop();
                reading.join();
                stopAll(first, second);
            }

            LOG.info("The reader's answers while events flowed: {} states, {} not ready, {} not caught up, {} wrong",
                    reader.answered.get(), reader.notReady.get(), reader.notCaughtUp.get(), reader.wrong.size());
            assertThat(reader.wrong).as("answers that no prefix of the number's events makes").isEmpty();
            assertThat(reader.answered.get()).as("states read while the events flowed").isPositive();
            assertEveryNotificationOnce(kafka);
            assertEveryTopicOnThreeBrokers(kafka);
        }
    }

    // -- the workload --------------------------------------------------------------------------

    /** Nine events a number, two of them notifications (the cancellation and the recycling). */
    private static List<NumberEvent> script(int index) {
        PhoneNumber number = PhoneNumber.parse("+4930" + (2_000_000 + index));
        List<EventPayload> payloads = List.of(
                new NumberAssigned("sub-" + index, PlanType.POSTPAID, null),
                new FlagRaised("fraud-" + index, FlagKind.FRAUD, FlagSeverity.LOW, "fraud-desk", null),
                new FlagCleared("fraud-" + index, FlagClearance.MISJUDGED, "fraud-desk", null),
                new NumberSuspended(SuspensionReason.VOLUNTARY, null),
                new NumberResumed(),
                new SimChanged(null),
                new CancellationRequested(),
                new CancellationCompleted(),
                new NumberRecycled());
        List<NumberEvent> events = new ArrayList<>();
        for (int step = 0; step < payloads.size(); step++) {
            Instant at = START.plus(Duration.ofDays(step));
            events.add(new NumberEvent("cluster-" + index + "-" + step, number, at, at, "billing",
                    payloads.get(step)));
        }
        return events;
    }

    /** The state after each prefix of a script: what an answer about the number may say. */
    private static List<NumberState> fold(List<NumberEvent> script) {
        Lifecycle lifecycle = new Lifecycle(PolicyBook.defaults());
        List<NumberState> states = new ArrayList<>();
        NumberState state = null;
        for (NumberEvent event : script) {
            state = ((Decision.Applied) lifecycle.decide(state, event)).state();
            states.add(state);
        }
        return states;
    }

    private static KafkaProducer<String, byte[]> producer(ProcessKafkaCluster kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The step-th event of every number, each acknowledged by the brokers in sync before the next round. */
    private void sendRound(KafkaProducer<String, byte[]> producer, int step) throws Exception {
        List<Future<?>> acks = new ArrayList<>();
        for (int index = 0; index < NUMBERS; index++) {
            NumberEvent event = scripts.get(index).get(step);
            sent.set(index, step + 1);
            acks.add(producer.send(new ProducerRecord<>(TOPICS.events(), event.number().e164(),
                    SERDES.events().serializer().serialize(TOPICS.events(), EventMapping.toWire(event)))));
        }
        for (Future<?> ack : acks) {
            ack.get();
        }
    }

    // -- what is checked -----------------------------------------------------------------------

    private void awaitEveryNumberCaughtUp(RegistryInstance instance) {
        int all = scripts.get(0).size();
        await("every number's state from all its events").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> IntStream.range(0, NUMBERS).allMatch(index -> {
                    Map<String, Object> state = stateOf(instance, index);
                    return state != null && ((Number) state.get("appliedEvents")).intValue() == all;
                }));
        for (int index = 0; index < NUMBERS; index++) {
            NumberState expected = folds.get(index).get(all - 1);
            Map<String, Object> state = stateOf(instance, index);
            assertThat(state).as("state of %s", expected.number())
                    .containsEntry("status", expected.status().name())
                    .containsEntry("lastEventId", expected.lastEventId());
        }
    }

    private void assertEveryNotificationOnce(ProcessKafkaCluster kafka) {
        int expected = 2 * NUMBERS;
        List<NumberRecycleNotification> notifications = TopicReader.readAtLeast(kafka.bootstrapServers(),
                TOPICS.notifications(), SERDES.notifications().deserializer(), expected);
        Map<String, Long> copies = notifications.stream().collect(Collectors.groupingBy(
                NumberRecycleNotification::getNotificationId, Collectors.counting()));
        List<String> ids = scripts.stream().flatMap(script -> script.subList(7, 9).stream())
                .map(NumberEvent::eventId).toList();
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(copies.values()).as("copies of each notification").allMatch(count -> count == 1);
    }

    /** The registry's own topics and those Kafka Streams made for its stores: all as the cluster's default asks. */
    private static void assertEveryTopicOnThreeBrokers(ProcessKafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            assertThat(names).contains(TOPICS.events(), TOPICS.states(), TOPICS.notifications())
                    .anyMatch(name -> name.endsWith("-changelog"));
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions())
                    .as("replicas of %s", topic.name())
                    .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(ProcessKafkaCluster.BROKERS)));
        }
    }

    private Map<String, Object> stateOf(RegistryInstance instance, int index) {
        try {
            HttpResponse<String> answer = instance.get("/numbers/" + scripts.get(index).get(0).number().e164());
            return answer.statusCode() == 200 ? JsonBodies.object(answer.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Asks the instances about the numbers, round and round, and keeps every answer that could not
     * be true: a state other than the fold of a prefix of what was sent, or an error other than
     * 503 (not ready) and 404 (nothing applied yet). An instance that is down is not asked.
     */
    private final class Reader implements Runnable {

        private final List<RegistryInstance> instances;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong answered = new AtomicLong();
        private final AtomicLong notReady = new AtomicLong();
        private final AtomicLong notCaughtUp = new AtomicLong();
        private final Queue<String> wrong = new ConcurrentLinkedQueue<>();

        Reader(List<RegistryInstance> instances) {
            this.instances = instances;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            for (long ask = 0; running.get(); ask++) {
                int index = (int) (ask % NUMBERS);
                RegistryInstance instance = instances.get((int) (ask / NUMBERS % instances.size()));
                if (!instance.isAlive()) {
                    // Down for a while (killed, restarting): the other instance is asked meanwhile.
                    ask += NUMBERS - 1 - index;
                    continue;
                }
                int sentBefore = sent.get(index);
                HttpResponse<String> answer;
                try {
                    answer = instance.get("/numbers/" + scripts.get(index).get(0).number().e164());
                } catch (IOException e) {
                    continue; // stopped or killed while asked: no answer is no wrong answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    check(index, sentBefore, answer, instance);
                } catch (RuntimeException e) {
                    // An answer the check cannot even read (not JSON, a field missing) is a wrong one:
                    // counted, not lost with the thread.
                    wrong.add(scripts.get(index).get(0).number().e164() + " from " + instance + ": " + e + ": "
                            + answer.body());
                }
            }
        }

        private void check(int index, int sentBefore, HttpResponse<String> answer, RegistryInstance instance) {
            String about = scripts.get(index).get(0).number().e164() + " from " + instance + ": ";
            switch (answer.statusCode()) {
                // Not ready, or not caught up yet: honest answers.
                case 503 -> notReady.incrementAndGet();
                case 404 -> notCaughtUp.incrementAndGet();
                case 200 -> {
                    answered.incrementAndGet();
                    Map<String, Object> state = JsonBodies.object(answer.body());
                    int applied = ((Number) state.get("appliedEvents")).intValue();
                    int sentAfter = sent.get(index);
                    if (applied < 1 || applied > sentAfter) {
                        wrong.add(about + applied + " events applied, " + sentAfter + " sent: " + answer.body());
                        return;
                    }
                    NumberState expected = folds.get(index).get(applied - 1);
                    if (!expected.status().name().equals(state.get("status"))
                            || !expected.lastEventId().equals(state.get("lastEventId"))) {
                        wrong.add(about + "expected " + expected.status() + " after " + expected.lastEventId()
                                + ": " + answer.body());
                    }
                }
                default -> wrong.add(about + answer.statusCode() + " " + answer.body() + " (" + sentBefore
                        + " sent before asking)");
            }
        }
    }

    private static void stopAll(RegistryInstance... instances) {
        for (RegistryInstance instance : instances) {
            if (instance.isAlive()) {
                instance.stop();
            }
        }
    }
}
