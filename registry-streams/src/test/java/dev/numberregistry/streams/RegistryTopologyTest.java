package dev.numberregistry.streams;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.event.PlanType;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.NumberStatus;
import dev.numberregistry.schema.RejectedEvent;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTopologyTest {

    private static final RegistryTopics TOPICS = RegistryTopics.DEFAULT;
    private static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();

    private final TestEvents alice = TestEvents.about("+14155552671");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, dev.numberregistry.schema.NumberEvent> events;
    private TestInputTopic<byte[], byte[]> rawEvents;
    private TestOutputTopic<String, NumberState> states;
    private TestOutputTopic<String, RejectedEvent> rejected;

    @BeforeEach
    void startDriver() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-topology-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RegistryTopology.build(TOPICS, PolicyBook.defaults(), SERDES, DeadlineSweep.DEFAULT), properties);
        events = driver.createInputTopic(TOPICS.events(), new StringSerializer(), SERDES.events().serializer());
        rawEvents = driver.createInputTopic(TOPICS.events(), new ByteArraySerializer(), new ByteArraySerializer());
        states = driver.createOutputTopic(TOPICS.states(), new StringDeserializer(), SERDES.states().deserializer());
        rejected = driver.createOutputTopic(TOPICS.rejected(), new StringDeserializer(),
                SERDES.rejections().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void send(NumberEvent event) {
        events.pipeInput(event.number().e164(), EventMapping.toWire(event));
    }

    private KeyValueStore<String, NumberState> stateStore() {
        return driver.getKeyValueStore(RegistryStores.NUMBER_STATE);
    }

    private List<String> historyIds(String e164) {
        KeyValueStore<String, dev.numberregistry.schema.NumberEvent> history =
                driver.getKeyValueStore(RegistryStores.NUMBER_HISTORY);
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, dev.numberregistry.schema.NumberEvent> entries =
                     history.prefixScan(RegistryStores.numberPrefix(e164), new StringSerializer())) {
            entries.forEachRemaining(entry -> ids.add(entry.value.getEventId()));
        }
        return ids;
    }

    @Test
    void anAppliedEventUpdatesTheStoreTheStateTopicAndTheHistory() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30)));

        send(assigned);

        NumberState state = stateStore().get(alice.e164());
        assertThat(state.getStatus()).isEqualTo(NumberStatus.ACTIVE);
        assertThat(state.getHolder().getSubscriberRef()).isEqualTo("alice");
        assertThat(states.readKeyValue()).isEqualTo(KeyValue.pair(alice.e164(), state));
        assertThat(historyIds(alice.e164())).containsExactly(assigned.eventId());
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void theHistoryKeepsEveryAppliedEventInOrderAndOnlyThisNumbers() {
        // Berlin numbers vary in length, so one valid number can be the prefix of another.
        TestEvents shorter = TestEvents.about("+4930123456");
        TestEvents longer = TestEvents.about("+49301234567");
        List<String> applied = new ArrayList<>();
        NumberEvent first = shorter.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30)));
        send(first);
        applied.add(first.eventId());
        for (int day = 1; day <= 11; day++) {
            NumberEvent topUp = shorter.on(day, new TopUpMade(500, "EUR", day(30 + day)));
            send(topUp);
            applied.add(topUp.eventId());
        }
        send(longer.on(0, new NumberAssigned("other", PlanType.POSTPAID, null)));

        assertThat(historyIds(shorter.e164())).containsExactlyElementsOf(applied);
        assertThat(historyIds(longer.e164())).hasSize(1);
    }

    @Test
    void aLifecycleRejectionIsWrittenWithItsReasonAndChangesNothing() {
        send(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))));
        states.readValuesToList();
        NumberEvent tooEarly = alice.on(1, new NumberReassigned("bob", PlanType.PREPAID, null));

        send(tooEarly);

        RejectedEvent rejection = rejected.readValue();
        assertThat(rejection.getReasonCode()).isEqualTo(RejectionCode.NOT_AVAILABLE.name());
        assertThat(rejection.getReason()).isNotBlank();
        assertThat(rejection.getEventId()).isEqualTo(tooEarly.eventId());
        assertThat(rejection.getNumber()).isEqualTo(alice.e164());
        assertThat(rejection.getEventType()).isEqualTo("NumberReassigned");
        assertThat(rejection.getOrigin()).startsWith(TOPICS.events() + "-0@");
        assertThat(stateStore().get(alice.e164()).getAppliedEvents()).isEqualTo(1);
        assertThat(states.isEmpty()).isTrue();
        assertThat(rejectionsKeptFor(alice.e164())).containsExactly(rejection);
    }

    @Test
    void aRejectionUnderTheWrongKeyIsNotKeptInTheNumbersStoreButOnTheTopic() {
        events.pipeInput("+4930123456", EventMapping.toWire(alice.on(0, new NumberAssigned("a", PlanType.PREPAID, null))));

        assertThat(rejected.readValue().getReasonCode()).isEqualTo(IntakeRejection.KEY_MISMATCH.name());
        assertThat(rejectionsKeptFor(alice.e164())).isEmpty();
        assertThat(rejectionsKeptFor("+4930123456")).isEmpty();
    }

    private List<RejectedEvent> rejectionsKeptFor(String e164) {
        KeyValueStore<String, RejectedEvent> store = driver.getKeyValueStore(RegistryStores.NUMBER_REJECTIONS);
        List<RejectedEvent> kept = new ArrayList<>();
        try (KeyValueIterator<String, RejectedEvent> entries =
                     store.prefixScan(RegistryStores.numberPrefix(e164), new StringSerializer())) {
            entries.forEachRemaining(entry -> kept.add(entry.value));
        }
        return kept;
    }

    @Test
    void aDuplicateEventIdChangesNothing() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(30)));
        NumberEvent topUp = alice.on(1, new TopUpMade(500, "USD", day(60)));
        send(assigned);
        send(topUp);
        NumberState before = stateStore().get(alice.e164());

        send(topUp);

        assertThat(stateStore().get(alice.e164())).isEqualTo(before);
        assertThat(historyIds(alice.e164())).containsExactly(assigned.eventId(), topUp.eventId());
        RejectedEvent rejection = rejected.readValue();
        assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.DUPLICATE_EVENT.name());
        assertThat(rejection.getReason()).contains(topUp.eventId());
    }

    @Test
    void aRecordThatIsNoEventIsRejectedWithItsBytesKept() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        rawEvents.pipeInput(alice.e164().getBytes(StandardCharsets.UTF_8), garbage);

        RejectedEvent rejection = rejected.readValue();
        assertThat(rejection.getReasonCode()).isEqualTo(IntakeRejection.UNDECODABLE.name());
        assertThat(rejection.getReason()).isNotBlank();
        assertThat(rejection.getRawValue().array()).isEqualTo(garbage);
        assertThat(new String(rejection.getRawKey().array(), StandardCharsets.UTF_8)).isEqualTo(alice.e164());
    }

    @Test
    void aTombstoneIsRejected() {
        rawEvents.pipeInput(alice.e164().getBytes(StandardCharsets.UTF_8), (byte[]) null);

        assertThat(rejected.readValue().getReasonCode()).isEqualTo(IntakeRejection.MISSING_VALUE.name());
    }

    @Test
    void anEventUnderAnotherKeyIsRejectedBecauseItWouldBeOrderedWithTheWrongNumber() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, null));

        events.pipeInput("14155552671", EventMapping.toWire(assigned));

        assertThat(rejected.readValue().getReasonCode()).isEqualTo(IntakeRejection.KEY_MISMATCH.name());
        assertThat(stateStore().get(alice.e164())).isNull();
    }

    @Test
    void anInvalidNumberIsRejected() {
        dev.numberregistry.schema.NumberEvent wire =
                EventMapping.toWire(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, null)));
        wire.setNumber("+1 000");

        events.pipeInput("+1 000", wire);

        RejectedEvent rejection = rejected.readValue();
        assertThat(rejection.getReasonCode()).isEqualTo(RejectionCode.INVALID_NUMBER.name());
        assertThat(rejection.getNumber()).isEqualTo("+1 000");
    }

    @Test
    void aGraceExpiryRecyclesTheNumberAtOnceAndWritesTheRecyclingToTheLog() {
        send(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        send(alice.on(10, new ValidityLapsed()));
        NumberEvent expiry = alice.on(40, new GraceExpired());
        TestOutputTopic<String, dev.numberregistry.schema.NumberEvent> log = driver.createOutputTopic(
                TOPICS.events(), new StringDeserializer(), SERDES.events().deserializer());

        send(expiry);

        NumberState state = stateStore().get(alice.e164());
        assertThat(state.getStatus()).isEqualTo(NumberStatus.QUARANTINED);
        assertThat(state.getLastEventId()).isEqualTo(expiry.eventId() + "/recycled");
        assertThat(historyIds(alice.e164())).endsWith(expiry.eventId(), expiry.eventId() + "/recycled");
        assertThat(log.readValuesToList()).extracting(dev.numberregistry.schema.NumberEvent::getEventId)
                .containsExactly(expiry.eventId() + "/recycled");
        // The driver feeds the logged copy back in: it is recognised, neither applied twice nor rejected.
        assertThat(state.getAppliedEvents()).isEqualTo(4);
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void anEventAfterAGraceExpiryMeetsTheRecycledNumber() {
        send(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        send(alice.on(10, new ValidityLapsed()));
        send(alice.on(40, new GraceExpired()));

        send(alice.on(41, new NumberReassigned("bob", PlanType.PREPAID, null)));

        assertThat(rejected.readValue().getReasonCode()).isEqualTo(RejectionCode.QUARANTINE_NOT_OVER.name());
    }

    @Test
    void aRegistryEventWithAKnownIdButOtherContentIsStillADuplicate() {
        send(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        send(alice.on(10, new ValidityLapsed()));
        NumberEvent expiry = alice.on(40, new GraceExpired());
        send(expiry);
        NumberEvent forged = new NumberEvent(expiry.eventId() + "/recycled", alice.number(), day(50), day(50),
                NumberEvent.REGISTRY_SOURCE, new dev.numberregistry.core.event.EventPayload.NumberRecycled());

        send(forged);

        assertThat(rejected.readValue().getReasonCode()).isEqualTo(IntakeRejection.DUPLICATE_EVENT.name());
    }

    @Test
    void everyRecordThatEntersIsAppliedOrRejected() {
        List<NumberEvent> mixed = List.of(
                alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))),
                alice.on(1, new NumberAssigned("alice", PlanType.PREPAID, day(10))),
                alice.on(2, new TopUpMade(100, "USD", day(40))),
                alice.on(3, new ValidityLapsed()),
                alice.on(41, new ValidityLapsed()),
                alice.on(42, new NumberReassigned("bob", PlanType.POSTPAID, null)));
        mixed.forEach(this::send);
        send(mixed.get(2));
        rawEvents.pipeInput((byte[]) null, new byte[] {1, 2, 3});
        int recordsIn = mixed.size() + 2;

        int applied = (int) stateStore().get(alice.e164()).getAppliedEvents();
        int rejections = rejected.readValuesToList().size();

        assertThat(applied + rejections).isEqualTo(recordsIn);
        assertThat(applied).isEqualTo(3);
    }
}
