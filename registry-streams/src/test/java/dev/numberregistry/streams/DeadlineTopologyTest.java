package dev.numberregistry.streams;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberImported;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.NumberRecovered;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberResumed;
import dev.numberregistry.core.event.EventPayload.NumberSuspended;
import dev.numberregistry.core.event.EventPayload.PortedOut;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.NumberStatus;
import dev.numberregistry.schema.ReminderKind;
import dev.numberregistry.streams.codec.EventMapping;
import dev.numberregistry.streams.serde.RegistrySerdes;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time acting on its own, on a wall clock the test moves (default policy: 30 days of grace, 90 of ageing). */
class DeadlineTopologyTest {

    private static final RegistryTopics TOPICS = RegistryTopics.DEFAULT;
    private static final RegistrySerdes SERDES = RegistrySerdes.singleObjectAvro();

    private final TestEvents alice = TestEvents.about("+919876543210");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private Instant wallClock;
    private TestInputTopic<String, dev.numberregistry.schema.NumberEvent> events;
    private TestOutputTopic<String, dev.numberregistry.schema.NumberEvent> log;
    private TestOutputTopic<String, NumberReminder> reminders;
    private TestOutputTopic<String, dev.numberregistry.schema.RejectedEvent> rejected;
    private TestOutputTopic<String, NumberRecycleNotification> notifications;

    @BeforeEach
    void startDriver() {
        startDriver(PolicyBook.defaults());
    }

    private void startDriver(PolicyBook policies) {
        if (driver != null) {
            driver.close();
        }
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "deadline-topology-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        wallClock = day(0);
        driver = new TopologyTestDriver(RegistryTopology.build(TOPICS, TopologyFixture.ONE_PARTITION, LogPositions.ALL_READ, policies, SERDES,
                DeadlineSweep.DEFAULT), properties, wallClock);
        events = driver.createInputTopic(TOPICS.events(), new StringSerializer(), SERDES.events().serializer());
        log = driver.createOutputTopic(TOPICS.events(), new StringDeserializer(), SERDES.events().deserializer());
        reminders = driver.createOutputTopic(TOPICS.reminders(), new StringDeserializer(),
                SERDES.reminders().deserializer());
        rejected = driver.createOutputTopic(TOPICS.rejected(), new StringDeserializer(),
                SERDES.rejections().deserializer());
        notifications = driver.createOutputTopic(TOPICS.notifications(), new StringDeserializer(),
                SERDES.notifications().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void assertRejected(String code) {
        assertThat(rejected.readValuesToList()).extracting(r -> r.getReasonCode()).containsExactly(code);
    }

    /** An event sent now: its record is as recent as the wall clock, so the registry is live. */
    private void sendNow(NumberEvent event) {
        events.pipeInput(event.number().e164(), EventMapping.toWire(event), wallClock);
    }

    private void advanceTo(Instant time) {
        driver.advanceWallClockTime(Duration.between(wallClock, time));
        wallClock = time;
    }

    private NumberState state() {
        return driver.<String, NumberState>getKeyValueStore(RegistryStores.NUMBER_STATE).get(alice.e164());
    }

    private List<String> decisionsLogged() {
        return log.readValuesToList().stream()
                .filter(event -> NumberEvent.REGISTRY_SOURCE.equals(event.getSource()))
                .map(event -> EventMapping.typeOf(event) + "@" + event.getOccurredAt())
                .toList();
    }

    @Test
    void aNumberLeftAloneWalksThroughItsWholeTimedLife() {
        sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        log.readValuesToList();

        advanceTo(day(3));
        assertThat(reminders.readValuesToList()).singleElement().satisfies(reminder -> {
            assertThat(reminder.getKind()).isEqualTo(ReminderKind.VALIDITY_ENDING);
            assertThat(reminder.getEndsAt()).isEqualTo(day(10));
            assertThat(reminder.getLeadTime()).isEqualTo("PT168H");
            assertThat(reminder.getSubscriberRef()).isEqualTo("alice");
            assertThat(reminder.getReminderId()).isEqualTo("+919876543210/VALIDITY_ENDING/" + day(10) + "/PT168H");
        });
        advanceTo(day(9));
        assertThat(reminders.readValuesToList()).extracting(NumberReminder::getLeadTime).containsExactly("PT24H");

        advanceTo(day(10));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);
        assertThat(state().getGraceEndsAt()).isEqualTo(day(40));
        assertThat(decisionsLogged()).containsExactly("ValidityLapsed@" + day(10));

        advanceTo(day(33));
        assertThat(reminders.readValuesToList()).extracting(NumberReminder::getKind)
                .containsExactly(ReminderKind.GRACE_ENDING);
        advanceTo(day(39));
        assertThat(reminders.readValuesToList()).extracting(NumberReminder::getLeadTime).containsExactly("PT24H");
        advanceTo(day(40));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.QUARANTINED);
        assertThat(state().getQuarantineEndsAt()).isEqualTo(day(130));
        assertThat(decisionsLogged()).containsExactly("GraceExpired@" + day(40), "NumberRecycled@" + day(40));
        assertThat(notifications.readValuesToList()).singleElement().satisfies(notification -> {
            assertThat(notification.getKind()).isEqualTo(NotificationKind.RECYCLED);
            assertThat(notification.getNumber()).isEqualTo(alice.e164());
            assertThat(notification.getOccurredAt()).isEqualTo(day(40));
            assertThat(notification.getQuarantineEndsAt()).isEqualTo(day(130));
            assertThat(notification.getAgeingPeriod()).isEqualTo("PT2160H");
        });

        advanceTo(day(130));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.AVAILABLE);
        assertThat(decisionsLogged()).containsExactly("QuarantineEnded@" + day(130));
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void aNumberImportedInGraceIsRecycledAtItsGraceEndAndCannotBeImportedAgain() {
        Instant tenureStart = Instant.parse("2016-05-01T00:00:00Z");
        NumberImported inGrace = new NumberImported(dev.numberregistry.core.state.NumberStatus.IN_GRACE,
                new Holder("alice", PlanType.PREPAID, tenureStart, 1), null, day(-20), day(10), null, null, List.of(),
                null, null, tenureStart);
        sendNow(alice.on(0, inGrace));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);
        assertThat(state().getCoveredFrom()).isEqualTo(tenureStart);
        assertThat(state().getHolder().getTenureStart()).isEqualTo(tenureStart);
        assertThat(notifications.isEmpty()).as("an import is no change of hands").isTrue();
        log.readValuesToList();

        advanceTo(day(3));
        assertThat(reminders.readValuesToList()).extracting(NumberReminder::getKind)
                .containsExactly(ReminderKind.GRACE_ENDING);
        advanceTo(day(10));

        assertThat(decisionsLogged()).containsExactly("GraceExpired@" + day(10), "NumberRecycled@" + day(10));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.QUARANTINED);
        assertThat(notifications.readValuesToList()).extracting(NumberRecycleNotification::getKind)
                .containsExactly(NotificationKind.RECYCLED);

        sendNow(alice.on(11, inGrace));
        assertRejected("ALREADY_REGISTERED");
    }

    @Test
    void aNumberPortedOutHasNoClockAndItsBanksAreToldItIsServedElsewhere() {
        sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        advanceTo(day(2));
        reminders.readValuesToList();
        sendNow(alice.on(2, new PortedOut("other-carrier")));

        advanceTo(day(200));

        assertThat(state().getStatus()).isEqualTo(NumberStatus.PORTED_OUT);
        assertThat(decisionsLogged()).isEmpty();
        assertThat(reminders.isEmpty()).isTrue();
        assertThat(notifications.readValuesToList()).extracting(NumberRecycleNotification::getKind)
                .containsExactly(NotificationKind.PORTED_OUT);
    }

    @Test
    void aRecoveredPrepaidNumberLeftAloneWalksThroughGraceAgain() {
        sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(100))));
        sendNow(alice.on(1, new CancellationRequested()));
        sendNow(alice.on(2, new CancellationCompleted()));
        sendNow(alice.on(3, new NumberRecycled()));
        sendNow(alice.on(4, new NumberRecovered("alice", day(20))));
        log.readValuesToList();

        advanceTo(day(50));

        assertThat(decisionsLogged()).containsExactly("ValidityLapsed@" + day(20), "GraceExpired@" + day(50),
                "NumberRecycled@" + day(50));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.QUARANTINED);
    }

    @Test
    void aTopUpMovesTheDeadlinesSoTheOldOnesDoNothing() {
        sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        advanceTo(day(5));
        reminders.readValuesToList();
        sendNow(alice.on(5, new TopUpMade(100, "INR", day(40))));

        advanceTo(day(10));

        assertThat(reminders.isEmpty()).as("no reminder of the old validity end").isTrue();
        assertThat(state().getStatus()).isEqualTo(NumberStatus.ACTIVE);
        advanceTo(day(33));
        assertThat(reminders.readValuesToList()).extracting(NumberReminder::getEndsAt).containsExactly(day(40));
    }

    @Test
    void aSweepCatchesUpOnEverythingDueAfterALongPause() {
        sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        log.readValuesToList();

        advanceTo(day(200));

        assertThat(state().getStatus()).isEqualTo(NumberStatus.AVAILABLE);
        assertThat(decisionsLogged()).containsExactly("ValidityLapsed@" + day(10), "GraceExpired@" + day(40),
                "NumberRecycled@" + day(40), "QuarantineEnded@" + day(130));
        assertThat(reminders.isEmpty()).as("no reminder of an end already past").isTrue();
    }

    @Test
    void suspensionPausesTheClockAndResumptionCatchesUp() {
        sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        advanceTo(day(2));
        sendNow(alice.on(2, new NumberSuspended(SuspensionReason.FAULT, null)));

        advanceTo(day(20));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.SUSPENDED);

        sendNow(alice.on(20, new NumberResumed()));
        advanceTo(day(20).plusSeconds(1));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);
        assertThat(state().getGraceEndsAt()).isEqualTo(day(40));
    }

    @Test
    void whileReplayingOldRecordsTheRegistryDecidesNothingUntilItHasCaughtUp() {
        Instant longAgo = day(-300);
        events.pipeInput(alice.e164(), EventMapping.toWire(alice.on(-300, new NumberAssigned("alice",
                PlanType.PREPAID, day(-290)))), longAgo);
        log.readValuesToList();

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(state().getStatus()).as("replaying: the log may still hold the decision").isEqualTo(NumberStatus.ACTIVE);

        driver.advanceWallClockTime(DeadlineSweep.DEFAULT.idleAfter());
        assertThat(state().getStatus()).as("caught up: decides what is due").isEqualTo(NumberStatus.AVAILABLE);
    }

    @Test
    void theLoggedCopiesOfDecisionsComeBackAsNoOps() {
        sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
        log.readValuesToList();
        advanceTo(day(10));
        List<dev.numberregistry.schema.NumberEvent> decisions = log.readValuesToList();
        assertThat(decisions).hasSize(1);
        NumberState before = state();

        decisions.forEach(decision -> events.pipeInput(alice.e164(), decision, wallClock));

        assertThat(state()).isEqualTo(before);
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void theSweepMetricsCountTheDeadlinesHandled() {
        startDriver(new PolicyBook(new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), true, List.of()),
                List.of()));
        List<String> numbers = List.of("+919876543210", "+919876543211", "+919876543212", "+919876543213",
                "+919876543214");
        numbers.forEach(number -> sendNow(TestEvents.about(number).on(0,
                new NumberAssigned("subscriber", PlanType.PREPAID, day(10)))));

        advanceTo(day(5));
        advanceTo(day(10));

        assertThat(sweepMetric("deadlines-swept-total")).isEqualTo(5.0);
        assertThat(sweepMetric("deadline-sweep-micros-total")).as("sweeps").isBetween(1.0, 4.0);
    }

    private double sweepMetric(String name) {
        return driver.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().group().equals("stream-registry-metrics")
                        && metric.getKey().name().equals(name))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .sum();
    }

    @Nested
    class LateEvents {

        @Test
        void aTopUpMadeBeforeTheValidityEndButArrivingAfterTheLapseBringsTheNumberBack() {
            sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
            advanceTo(day(10));
            assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);

            sendNow(alice.on(9, new TopUpMade(100, "INR", day(40))));

            assertThat(state().getStatus()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state().getValidUntil()).isEqualTo(day(40));
        }

        @Test
        void aTopUpMadeBeforeTheGraceEndButArrivingAfterTheExpirySavesANumberNotYetRecycled() {
            startDriver(new PolicyBook(new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), false),
                    List.of()));
            sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
            advanceTo(day(40));
            assertThat(state().getStatus()).isEqualTo(NumberStatus.EXPIRED);

            sendNow(alice.on(39, new TopUpMade(100, "INR", day(70))));

            assertThat(state().getStatus()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state().getHolder().getSubscriberRef()).isEqualTo("alice");
        }

        @Test
        void aTopUpArrivingAfterTheRegistryRecycledTheNumberIsRefused() {
            sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
            advanceTo(day(40));
            assertThat(state().getStatus()).isEqualTo(NumberStatus.QUARANTINED);

            sendNow(alice.on(39, new TopUpMade(100, "INR", day(70))));

            assertRejected("NO_HOLDER");
        }

        @Test
        void aReassignmentDatedAfterTheQuarantineEndNeedsNoQuarantineEndedAndTheDeadlineThenDoesNothing() {
            sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
            advanceTo(day(129));
            log.readValuesToList();

            sendNow(alice.on(130, new NumberReassigned("bob", PlanType.POSTPAID, null)));
            advanceTo(day(131));

            assertThat(state().getHolder().getSubscriberRef()).isEqualTo("bob");
            assertThat(decisionsLogged()).isEmpty();
        }

        @Test
        void theCarriersOwnDecisionAfterTheRegistrysIsRefusedAsAlreadyDone() {
            sendNow(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));
            advanceTo(day(10));

            sendNow(alice.on(10, new ValidityLapsed()));

            assertRejected("INVALID_TRANSITION");
            assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);
        }
    }
}
