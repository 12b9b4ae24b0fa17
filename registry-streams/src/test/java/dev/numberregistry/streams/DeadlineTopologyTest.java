package dev.numberregistry.streams;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.FlagRaised;
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
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.NumberState;
import dev.numberregistry.schema.NumberStatus;
import dev.numberregistry.schema.ReminderKind;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyScenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Time acting on its own, on a wall clock the test moves (default policy: 30 days of grace, 90 of ageing). */
class DeadlineTopologyTest {

    private final TestEvents alice = TestEvents.about("+919876543210");

    @RegisterExtension
    final TopologyScenario registry = TopologyScenario.ofTheRegistry();

    private NumberState state() {
        return registry.storedState(alice.e164());
    }

    /** When each entry of the deadline index comes due. */
    private List<Instant> indexed() {
        List<Instant> due = new java.util.ArrayList<>();
        KeyValueStore<String, String> index = registry.store(RegistryStores.DEADLINES);
        try (KeyValueIterator<String, String> entries = index.all()) {
            entries.forEachRemaining(entry -> due.add(DeadlineIndex.parse(entry.key).deadline().at()));
        }
        return due;
    }

    private NumberEvent assignedUntilDay10() {
        return alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10)));
    }

    @Test
    void aNumberLeftAloneWalksThroughItsWholeTimedLife() {
        registry.given(assignedUntilDay10());

        registry.whenClockReaches(day(3));
        assertThat(registry.thenReminders()).singleElement().satisfies(reminder -> {
            assertThat(reminder.getKind()).isEqualTo(ReminderKind.VALIDITY_ENDING);
            assertThat(reminder.getEndsAt()).isEqualTo(day(10));
            assertThat(reminder.getLeadTime()).isEqualTo("PT168H");
            assertThat(reminder.getSubscriberRef()).isEqualTo("alice");
            assertThat(reminder.getReminderId()).isEqualTo("+919876543210/VALIDITY_ENDING/" + day(10) + "/PT168H");
        });
        registry.whenClockReaches(day(9));
        assertThat(registry.thenReminders()).extracting(NumberReminder::getLeadTime).containsExactly("PT24H");

        registry.whenClockReaches(day(10));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);
        assertThat(state().getGraceEndsAt()).isEqualTo(day(40));
        registry.thenDecided("ValidityLapsed@" + day(10));
        assertThat(registry.thenStateOf(alice.e164())).isEqualTo(state());

        registry.whenClockReaches(day(33));
        assertThat(registry.thenReminders()).extracting(NumberReminder::getKind)
                .containsExactly(ReminderKind.GRACE_ENDING);
        registry.whenClockReaches(day(39));
        assertThat(registry.thenReminders()).extracting(NumberReminder::getLeadTime).containsExactly("PT24H");
        registry.whenClockReaches(day(40));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.QUARANTINED);
        assertThat(state().getQuarantineEndsAt()).isEqualTo(day(130));
        registry.thenDecided("GraceExpired@" + day(40), "NumberRecycled@" + day(40));
        assertThat(registry.thenStatesOf(alice.e164())).extracting(NumberState::getStatus)
                .containsExactly(NumberStatus.EXPIRED, NumberStatus.QUARANTINED);
        assertThat(registry.thenNotified(NotificationKind.RECYCLED)).singleElement().satisfies(notification -> {
            assertThat(notification.getNumber()).isEqualTo(alice.e164());
            assertThat(notification.getOccurredAt()).isEqualTo(day(40));
            assertThat(notification.getQuarantineEndsAt()).isEqualTo(day(130));
            assertThat(notification.getAgeingPeriod()).isEqualTo("PT2160H");
        });

        registry.whenClockReaches(day(130));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.AVAILABLE);
        registry.thenDecided("QuarantineEnded@" + day(130));
        assertThat(registry.thenStateOf(alice.e164())).isEqualTo(state());
        assertThat(registry.thenRejections()).isEmpty();
    }

    @Test
    void everyReminderSentIsKeptForItsNumberInTheOrderItWasDue() {
        registry.given(assignedUntilDay10());
        List<NumberReminder> written = new java.util.ArrayList<>();

        for (int day : new int[] {3, 9, 10, 33, 39}) {
            registry.whenClockReaches(day(day));
            written.addAll(registry.thenReminders());
            if (day == 10) {
                registry.thenDecided("ValidityLapsed@" + day(10));
                registry.thenStateOf(alice.e164());
            }
        }

        assertThat(remindersSent()).extracting(NumberReminder::getKind, NumberReminder::getRemindAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ReminderKind.VALIDITY_ENDING, day(3)),
                org.assertj.core.groups.Tuple.tuple(ReminderKind.VALIDITY_ENDING, day(9)),
                org.assertj.core.groups.Tuple.tuple(ReminderKind.GRACE_ENDING, day(33)),
                org.assertj.core.groups.Tuple.tuple(ReminderKind.GRACE_ENDING, day(39)));
        assertThat(remindersSent()).isEqualTo(written);
    }

    @Test
    void aNumberKeepsOnlyItsLatestRemindersSent() {
        registry.given(assignedUntilDay10());
        int periods = SentReminders.KEPT; // two reminders a period: twice as many sent as kept
        int sent = 0;
        for (int period = 1; period <= periods; period++) {
            registry.whenClockReaches(day(10 * period - 7));
            sent += registry.thenReminders().size();
            registry.whenClockReaches(day(10 * period - 1));
            sent += registry.thenReminders().size();
            registry.when(alice.on(10 * period - 1, new TopUpMade(100, "EUR", day(10 * (period + 1)))));
            registry.thenStateOf(alice.e164());
        }

        List<NumberReminder> kept = remindersSent();
        assertThat(sent).isEqualTo(2 * periods);
        assertThat(kept).hasSize(SentReminders.KEPT);
        assertThat(kept.get(kept.size() - 1).getRemindAt()).isEqualTo(day(10 * periods - 1));
        assertThat(kept.get(0).getRemindAt()).isEqualTo(day(10 * (periods / 2) + 3));
    }

    /** What the reminders-sent store keeps for alice, oldest first. */
    private List<NumberReminder> remindersSent() {
        List<NumberReminder> kept = new java.util.ArrayList<>();
        KeyValueStore<String, NumberReminder> store = registry.store(RegistryStores.NUMBER_REMINDERS_SENT);
        try (KeyValueIterator<String, NumberReminder> entries = store.prefixScan(
                RegistryStores.numberPrefix(alice.e164()), new org.apache.kafka.common.serialization.StringSerializer())) {
            entries.forEachRemaining(entry -> kept.add(entry.value));
        }
        return kept;
    }

    @Test
    void aNumberImportedInGraceIsRecycledAtItsGraceEndAndCannotBeImportedAgain() {
        Instant tenureStart = Instant.parse("2016-05-01T00:00:00Z");
        NumberImported inGrace = new NumberImported(dev.numberregistry.core.state.NumberStatus.IN_GRACE,
                new Holder("alice", PlanType.PREPAID, tenureStart, 1), null, day(-20), day(10), null, null, List.of(),
                null, null, tenureStart);

        registry.when(alice.on(0, inGrace));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);
        assertThat(state().getCoveredFrom()).isEqualTo(tenureStart);
        assertThat(state().getHolder().getTenureStart()).isEqualTo(tenureStart);
        assertThat(registry.thenStateOf(alice.e164())).isEqualTo(state());
        assertThat(registry.thenNotified()).as("an import is no change of hands").isEmpty();

        registry.whenClockReaches(day(3));
        assertThat(registry.thenReminders()).extracting(NumberReminder::getKind)
                .containsExactly(ReminderKind.GRACE_ENDING);
        registry.whenClockReaches(day(10));
        registry.thenDecided("GraceExpired@" + day(10), "NumberRecycled@" + day(10));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.QUARANTINED);
        assertThat(registry.thenStatesOf(alice.e164())).extracting(NumberState::getStatus)
                .containsExactly(NumberStatus.EXPIRED, NumberStatus.QUARANTINED);
        registry.thenNotified(NotificationKind.RECYCLED);

        registry.when(alice.on(11, inGrace));
        registry.thenRejected(RejectionCode.ALREADY_REGISTERED);
    }

    @Test
    void aNumberPortedOutHasNoClockAndItsBanksAreToldItIsServedElsewhere() {
        registry.given(assignedUntilDay10())
                .givenClockAt(day(2));

        registry.when(alice.on(2, new PortedOut("other-carrier")));
        registry.thenNotified(NotificationKind.PORTED_OUT);
        assertThat(registry.thenStateOf(alice.e164()).getStatus()).isEqualTo(NumberStatus.PORTED_OUT);

        registry.whenClockReaches(day(200));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.PORTED_OUT);
        assertThat(registry.thenDecisions()).isEmpty();
        assertThat(registry.thenReminders()).isEmpty();
    }

    @Test
    void aRecoveredPrepaidNumberLeftAloneWalksThroughGraceAgain() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(100))),
                alice.on(1, new CancellationRequested()),
                alice.on(2, new CancellationCompleted()),
                alice.on(3, new NumberRecycled()),
                alice.on(4, new NumberRecovered("alice", day(20))));

        registry.whenClockReaches(day(50));

        registry.thenDecided("ValidityLapsed@" + day(20), "GraceExpired@" + day(50), "NumberRecycled@" + day(50));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.QUARANTINED);
        assertThat(registry.thenStatesOf(alice.e164())).extracting(NumberState::getStatus)
                .containsExactly(NumberStatus.IN_GRACE, NumberStatus.EXPIRED, NumberStatus.QUARANTINED);
        registry.thenNotified(NotificationKind.RECYCLED);
    }

    @Test
    void aTopUpMovesTheDeadlinesSoTheOldOnesDoNothing() {
        registry.given(assignedUntilDay10())
                .givenClockAt(day(5))
                .given(alice.on(5, new TopUpMade(100, "INR", day(40))));

        registry.whenClockReaches(day(10));
        assertThat(registry.thenReminders()).as("no reminder of the old validity end").isEmpty();
        assertThat(state().getStatus()).isEqualTo(NumberStatus.ACTIVE);

        registry.whenClockReaches(day(33));
        assertThat(registry.thenReminders()).extracting(NumberReminder::getEndsAt).containsExactly(day(40));
    }

    @Test
    void aReminderSentIsNotSentAgainWhenALaterEventLeavesTheDeadlinesAsTheyWere() {
        registry.given(assignedUntilDay10());
        registry.whenClockReaches(day(3));
        assertThat(registry.thenReminders()).extracting(NumberReminder::getLeadTime).containsExactly("PT168H");

        registry.when(alice.on(4, new FlagRaised("f1", FlagKind.SPAM, FlagSeverity.LOW, "desk", null)));
        assertThat(registry.thenStateOf(alice.e164()).getValidUntil()).isEqualTo(day(10));
        registry.whenClockReaches(day(9));

        assertThat(registry.thenReminders()).extracting(NumberReminder::getLeadTime).containsExactly("PT24H");
        registry.whenClockReaches(day(10));
        registry.thenDecided("ValidityLapsed@" + day(10));
        registry.thenStateOf(alice.e164());
    }

    @Test
    void theIndexHoldsEachNumbersNextDeadlineOnly() {
        registry.given(assignedUntilDay10());
        assertThat(indexed()).containsExactly(day(3));

        registry.given(alice.on(1, new TopUpMade(100, "INR", day(40))));
        assertThat(indexed()).as("the week-before reminder of the new end").containsExactly(day(33));

        registry.whenClockReaches(day(33));
        registry.thenReminders();
        assertThat(indexed()).containsExactly(day(39));
        registry.whenClockReaches(day(40));
        registry.thenReminders();
        registry.thenDecided("ValidityLapsed@" + day(40));
        registry.thenStateOf(alice.e164());
        assertThat(indexed()).as("the first grace reminder").containsExactly(day(63));
    }

    @Test
    void aSweepCatchesUpOnEverythingDueAfterALongPause() {
        registry.given(assignedUntilDay10());

        registry.whenClockReaches(day(200));

        assertThat(state().getStatus()).isEqualTo(NumberStatus.AVAILABLE);
        registry.thenDecided("ValidityLapsed@" + day(10), "GraceExpired@" + day(40), "NumberRecycled@" + day(40),
                "QuarantineEnded@" + day(130));
        assertThat(registry.thenStatesOf(alice.e164())).extracting(NumberState::getStatus)
                .containsExactly(NumberStatus.IN_GRACE, NumberStatus.EXPIRED, NumberStatus.QUARANTINED,
                        NumberStatus.AVAILABLE);
        registry.thenNotified(NotificationKind.RECYCLED);
        assertThat(registry.thenReminders()).as("no reminder of an end already past").isEmpty();
    }

    @Test
    void suspensionPausesTheClockAndResumptionCatchesUp() {
        registry.given(assignedUntilDay10())
                .givenClockAt(day(2))
                .given(alice.on(2, new NumberSuspended(SuspensionReason.FAULT, null)));

        registry.whenClockReaches(day(20));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.SUSPENDED);

        registry.when(alice.on(20, new NumberResumed()));
        assertThat(registry.thenStateOf(alice.e164()).getStatus()).isEqualTo(NumberStatus.ACTIVE);

        registry.whenClockReaches(day(20).plusSeconds(1));
        assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);
        assertThat(state().getGraceEndsAt()).isEqualTo(day(40));
        registry.thenDecided("ValidityLapsed@" + day(10));
        assertThat(registry.thenStateOf(alice.e164())).isEqualTo(state());
    }

    @Test
    void whileReplayingOldRecordsTheRegistryDecidesNothingUntilItHasCaughtUp() {
        registry.whenRecordedAt(day(-300), alice.on(-300, new NumberAssigned("alice", PlanType.PREPAID, day(-290))));
        assertThat(registry.thenStateOf(alice.e164()).getStatus()).isEqualTo(NumberStatus.ACTIVE);

        registry.whenTimePasses(Duration.ofSeconds(1));
        assertThat(state().getStatus()).as("replaying: the log may still hold the decision").isEqualTo(NumberStatus.ACTIVE);

        registry.whenTimePasses(DeadlineSweep.DEFAULT.idleAfter());
        assertThat(state().getStatus()).as("caught up: decides what is due").isEqualTo(NumberStatus.AVAILABLE);
        registry.thenDecided("ValidityLapsed@" + day(-290), "GraceExpired@" + day(-260),
                "NumberRecycled@" + day(-260), "QuarantineEnded@" + day(-170));
        assertThat(registry.thenStatesOf(alice.e164())).hasSize(4);
        registry.thenNotified(NotificationKind.RECYCLED);
    }

    @Test
    void theLoggedCopiesOfDecisionsComeBackAsNoOps() {
        registry.given(assignedUntilDay10());
        registry.whenClockReaches(day(10));
        List<dev.numberregistry.schema.NumberEvent> decisions = registry.thenDecisions();
        assertThat(decisions).hasSize(1);
        registry.thenStateOf(alice.e164());
        NumberState before = state();

        decisions.forEach(decision -> registry.when(alice.e164(), decision));

        assertThat(state()).isEqualTo(before);
        assertThat(registry.thenRejections()).isEmpty();
    }

    @Test
    void theSweepMetricsCountTheDeadlinesHandled() {
        registry.withPolicies(new PolicyBook(new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), true,
                List.of()), List.of()));
        List<String> numbers = List.of("+919876543210", "+919876543211", "+919876543212", "+919876543213",
                "+919876543214");
        registry.given(numbers.stream().map(number -> TestEvents.about(number).on(0,
                new NumberAssigned("subscriber", PlanType.PREPAID, day(10)))).toArray(NumberEvent[]::new));

        registry.whenClockReaches(day(5));
        registry.whenClockReaches(day(10));

        assertThat(registry.metric("deadlines-swept-total")).isEqualTo(5.0);
        assertThat(registry.metric("deadline-sweep-micros-total")).as("sweeps").isBetween(1.0, 4.0);
        assertThat(registry.thenDecisions()).extracting(dev.numberregistry.schema.NumberEvent::getNumber)
                .containsExactlyInAnyOrderElementsOf(numbers);
        assertThat(registry.thenStates()).extracting(update -> update.key)
                .containsExactlyInAnyOrderElementsOf(numbers);
    }

    @Nested
    class LateEvents {

        @Test
        void aTopUpMadeBeforeTheValidityEndButArrivingAfterTheLapseBringsTheNumberBack() {
            registry.given(assignedUntilDay10())
                    .givenClockAt(day(10));
            assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);

            registry.when(alice.on(9, new TopUpMade(100, "INR", day(40))));

            assertThat(state().getStatus()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state().getValidUntil()).isEqualTo(day(40));
            assertThat(registry.thenStateOf(alice.e164())).isEqualTo(state());
        }

        @Test
        void aTopUpMadeBeforeTheGraceEndButArrivingAfterTheExpirySavesANumberNotYetRecycled() {
            registry.withPolicies(new PolicyBook(new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), false),
                    List.of()));
            registry.given(assignedUntilDay10())
                    .givenClockAt(day(40));
            assertThat(state().getStatus()).isEqualTo(NumberStatus.EXPIRED);

            registry.when(alice.on(39, new TopUpMade(100, "INR", day(70))));

            assertThat(state().getStatus()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state().getHolder().getSubscriberRef()).isEqualTo("alice");
            assertThat(registry.thenStateOf(alice.e164())).isEqualTo(state());
        }

        @Test
        void aTopUpArrivingAfterTheRegistryRecycledTheNumberIsRefused() {
            registry.given(assignedUntilDay10())
                    .givenClockAt(day(40));
            assertThat(state().getStatus()).isEqualTo(NumberStatus.QUARANTINED);

            registry.when(alice.on(39, new TopUpMade(100, "INR", day(70))));

            registry.thenRejected(RejectionCode.NO_HOLDER);
        }

        @Test
        void aReassignmentDatedAfterTheQuarantineEndNeedsNoQuarantineEndedAndTheDeadlineThenDoesNothing() {
            registry.given(assignedUntilDay10())
                    .givenClockAt(day(129));

            registry.when(alice.on(130, new NumberReassigned("bob", PlanType.POSTPAID, null)));
            assertThat(registry.thenStateOf(alice.e164()).getHolder().getSubscriberRef()).isEqualTo("bob");
            registry.thenNotified(NotificationKind.REASSIGNED);
            registry.whenClockReaches(day(131));

            assertThat(state().getHolder().getSubscriberRef()).isEqualTo("bob");
            assertThat(registry.thenDecisions()).isEmpty();
        }

        @Test
        void theCarriersOwnDecisionAfterTheRegistrysIsRefusedAsAlreadyDone() {
            registry.given(assignedUntilDay10())
                    .givenClockAt(day(10));

            registry.when(alice.on(10, new ValidityLapsed()));

            registry.thenRejected(RejectionCode.INVALID_TRANSITION);
            assertThat(state().getStatus()).isEqualTo(NumberStatus.IN_GRACE);
        }
    }
}
