package dev.numberregistry.core.lifecycle;

import static dev.numberregistry.core.lifecycle.LifecycleScenario.day;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.check.ChangeOfHands;
import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.FlagCleared;
import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.NumberRecovered;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberSuspended;
import dev.numberregistry.core.event.EventPayload.PortedIn;
import dev.numberregistry.core.event.EventPayload.PortedOut;
import dev.numberregistry.core.event.EventPayload.QuarantineEnded;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.notification.NotificationKind;
import dev.numberregistry.core.notification.RecycleNotification;
import dev.numberregistry.core.notification.RecycleNotifications;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a person expects when a holder's tenure ends: by cancellation, recycling or a port to another carrier. */
class TenureEndTest {

    // Default policy: 30 days of grace, 90 days of quarantine, recycling at grace expiry.
    private static final NumberAssigned ALICE = new NumberAssigned("alice", PlanType.PREPAID, day(30));
    private static final FlagRaised SPAM = new FlagRaised("spam-1", FlagKind.SPAM, FlagSeverity.HIGH, "spam-desk", null);
    private static final FlagRaised FRAUD = new FlagRaised("fraud-1", FlagKind.FRAUD, FlagSeverity.LOW, "fraud-desk",
            null);

    private static LocalDate date(int day) {
        return LocalDate.ofInstant(day(day), ZoneOffset.UTC);
    }

    /** The state once what the event implies is applied too, as the registry does at once. */
    private static NumberState withImplied(Decision.Applied applied) {
        List<Consequence> followed = new Lifecycle(PolicyBook.defaults()).inTurn(applied.state(), applied.implied());
        return followed.isEmpty() ? applied.state() : ((Consequence.Followed) followed.get(followed.size() - 1)).after();
    }

    @Nested
    class TheHoldersFlags {

        @Test
        void endWithTheTenureAsTheRegistrysOwnClearancesSoTheNextHolderStartsWithout() {
            var given = scenario().given(ALICE, SPAM, FRAUD, new CancellationRequested());

            Decision.Applied cancelled = given.whenOn(10, new CancellationCompleted()).thenApplied();

            assertThat(cancelled.implied()).extracting(NumberEvent::payload).containsExactly(
                    new FlagCleared("spam-1", FlagClearance.TENURE_ENDED, NumberEvent.REGISTRY_SOURCE,
                            "the holder's tenure ended with CancellationCompleted"),
                    new FlagCleared("fraud-1", FlagClearance.TENURE_ENDED, NumberEvent.REGISTRY_SOURCE,
                            "the holder's tenure ended with CancellationCompleted"));
            assertThat(cancelled.implied()).extracting(NumberEvent::source).containsOnly(NumberEvent.REGISTRY_SOURCE);
            assertThat(cancelled.implied()).extracting(NumberEvent::occurredAt).containsOnly(day(10));
            NumberState afterCancellation = withImplied(cancelled);
            assertThat(afterCancellation.flags()).isEmpty();
        }

        @Test
        void doNotReachTheNextHolder() {
            var given = scenario().given(ALICE, SPAM)
                    .givenOn(5, new NumberSuspended(SuspensionReason.VIOLATION, "spam calls"));
            NumberState quarantined = withImplied(given.whenOn(6, new NumberRecycled()).thenApplied());
            Lifecycle lifecycle = new Lifecycle(PolicyBook.defaults());
            NumberState available = ((Decision.Applied) lifecycle.decide(quarantined,
                    given.event(96, new QuarantineEnded()))).state();

            NumberState bobs = ((Decision.Applied) lifecycle.decide(available,
                    given.event(97, new NumberReassigned("bob", PlanType.PREPAID, null)))).state();

            assertThat(bobs.holder().subscriberRef()).isEqualTo("bob");
            assertThat(bobs.flags()).isEmpty();
        }

        @Test
        void areClearedByARecyclingWithoutGraceAfterASuspensionForViolation() {
            Decision.Applied recycled = scenario().given(ALICE, SPAM)
                    .givenOn(5, new NumberSuspended(SuspensionReason.VIOLATION, "spam calls"))
                    .whenOn(6, new NumberRecycled()).thenApplied();

            assertThat(recycled.state().status()).isEqualTo(NumberStatus.QUARANTINED);
            assertThat(recycled.implied()).extracting(NumberEvent::payload).singleElement()
                    .isEqualTo(new FlagCleared("spam-1", FlagClearance.TENURE_ENDED, NumberEvent.REGISTRY_SOURCE,
                            "the holder's tenure ended with NumberRecycled"));
        }

        @Test
        void cannotBeRaisedWhileNobodyHoldsTheNumber() {
            scenario().given(ALICE, new CancellationRequested(), new CancellationCompleted(), new NumberRecycled())
                    .whenOn(9, SPAM).thenRejected(RejectionCode.NO_HOLDER);
        }
    }

    @Nested
    class ARecoveredPrepaidNumber {

        private LifecycleScenario recycledOnDay3() {
            return scenario().given(ALICE, new CancellationRequested(), new CancellationCompleted(),
                    new NumberRecycled());
        }

        @Test
        void withoutAValidityLapsesAtOnceSoItsHolderHasTheGracePeriodToTopUp() {
            NumberState state = recycledOnDay3().whenOn(10, new NumberRecovered("alice", null)).thenState();

            assertThat(state.validUntil()).isEqualTo(day(10));
            assertThat(new Deadlines(PolicyBook.defaults()).of(state))
                    .contains(new Deadline(day(10), DeadlineKind.VALIDITY_END, day(10), java.time.Duration.ZERO));
        }

        @Test
        void leftAloneWalksThroughGraceAgainToRecycling() {
            Lifecycle lifecycle = new Lifecycle(PolicyBook.defaults());
            Deadlines deadlines = new Deadlines(PolicyBook.defaults());
            NumberState state = recycledOnDay3().whenOn(10, new NumberRecovered("alice", day(40))).thenState();
            assertThat(state.validUntil()).isEqualTo(day(40));

            List<String> walked = new java.util.ArrayList<>();
            for (int step = 0; step < 2; step++) {
                Deadline due = deadlines.of(state).stream()
                        .filter(deadline -> deadline.kind() == DeadlineKind.VALIDITY_END
                                || deadline.kind() == DeadlineKind.GRACE_END)
                        .findFirst().orElseThrow();
                NumberEvent decision = Deadlines.decisionAt(state, due).orElseThrow();
                Decision.Applied applied = (Decision.Applied) lifecycle.decide(state, decision);
                state = withImplied(applied);
                walked.add(decision.type() + "@" + decision.occurredAt() + "->" + state.status());
            }

            assertThat(walked).containsExactly("ValidityLapsed@" + day(40) + "->IN_GRACE",
                    "GraceExpired@" + day(70) + "->QUARANTINED");
        }

        @Test
        void thatIsPostpaidNeedsNone() {
            NumberState state = scenario().given(new NumberAssigned("bob", PlanType.POSTPAID, null),
                            new CancellationRequested(), new CancellationCompleted(), new NumberRecycled())
                    .whenOn(10, new NumberRecovered("bob", null)).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
        }
    }

    @Test
    void aStateWrittenBeforeFlagsEndedWithTheirTenureLosesThemWhenTheNumberIsReassigned() {
        NumberState oldQuarantined = scenario().given(ALICE, new CancellationRequested(), new CancellationCompleted(),
                new NumberRecycled()).stateBefore().toBuilder()
                .flags(List.of(new dev.numberregistry.core.state.Flag("spam-1", FlagKind.SPAM, FlagSeverity.HIGH,
                        "spam-desk", null, day(1))))
                .build();
        NumberEvent reassigned = scenario().event(100, new NumberReassigned("bob", PlanType.POSTPAID, null));

        Decision.Applied applied = (Decision.Applied) new Lifecycle(PolicyBook.defaults()).decide(oldQuarantined,
                reassigned);

        assertThat(withImplied(applied).flags()).isEmpty();
        assertThat(withImplied(applied).holder().subscriberRef()).isEqualTo("bob");
    }

    @Nested
    class APortOut {

        @Test
        void leavesTheHolderWithTheNumberElsewhereWithoutQuarantineDeadlinesOrFlags() {
            var given = scenario().given(ALICE, FRAUD);

            Decision.Applied portedOut = given.whenOn(5, new PortedOut("other-carrier")).thenApplied();

            NumberState state = withImplied(portedOut);
            assertThat(state.status()).isEqualTo(NumberStatus.PORTED_OUT);
            assertThat(state.holder()).isNull();
            assertThat(state.previousHolder()).isEqualTo(new Holder("alice", PlanType.PREPAID, day(0), 1));
            assertThat(state.quarantineEndsAt()).isNull();
            assertThat(state.flags()).isEmpty();
            assertThat(new Deadlines(PolicyBook.defaults()).of(state)).isEmpty();
            assertThat(RecycleNotifications.of(given.event(5, new PortedOut(null)), given.stateBefore(), state))
                    .map(RecycleNotification::kind).contains(NotificationKind.PORTED_OUT);
        }

        @Test
        void isRefusedOnceGraceHasExpiredAndCannotBeFollowedByARecycling() {
            scenario().given(ALICE).givenOn(30, new ValidityLapsed()).givenOn(60, new GraceExpired())
                    .whenOn(61, new PortedOut(null)).thenRejected(RejectionCode.GRACE_ALREADY_EXPIRED);
            scenario().given(ALICE).givenOn(5, new PortedOut(null)).whenOn(6, new NumberRecycled())
                    .thenRejected(RejectionCode.NOT_RECYCLABLE);
        }

        @Test
        void madeBeforeTheGraceEndTakesTheNumberEvenArrivingAfterTheExpiryButNotOneMadeAfter() {
            var expired = scenario().given(ALICE).givenOn(30, new ValidityLapsed()).givenOn(60, new GraceExpired());

            assertThat(expired.whenOn(59, new PortedOut(null)).thenState().status()).isEqualTo(NumberStatus.PORTED_OUT);
            scenario().given(ALICE).givenOn(30, new ValidityLapsed())
                    .whenOn(61, new PortedOut(null)).thenRejected(RejectionCode.GRACE_ALREADY_EXPIRED);
        }

        @Test
        void thenAPortInDatedBeforeThePortOutIsRefused() {
            scenario().given(ALICE).givenOn(100, new PortedOut(null))
                    .whenOn(90, new PortedIn("carol", PlanType.POSTPAID, day(20), null, null))
                    .thenRejected(RejectionCode.NOT_PORTED_OUT);
        }

        @Test
        void thenAPortBackWithATenureSaidToBeginBeforeThePortOutBeginsItAtThePortOut() {
            NumberState state = scenario().given(ALICE).givenOn(100, new PortedOut(null))
                    .whenOn(200, new PortedIn("carol", PlanType.POSTPAID, day(20), null, null)).thenState();

            assertThat(state.holder().tenureStart()).isEqualTo(day(100));
            assertThat(ChangeOfHands.since(state, date(50))).as("alice still had it then").isTrue();
        }

        @Test
        void needsAHolder() {
            scenario().given(ALICE, new CancellationRequested(), new CancellationCompleted())
                    .whenOn(5, new PortedOut(null)).thenRejected(RejectionCode.NO_HOLDER);
        }

        @Test
        void thenAPortBackByTheSameHolderIsNoChangeOfHands() {
            var portedOut = scenario().given(ALICE).givenOn(100, new PortedOut(null));

            Decision.Applied back = portedOut.whenOn(200, new PortedIn("alice", PlanType.POSTPAID, day(150), null,
                    "other-carrier")).thenApplied();

            NumberState state = back.state();
            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state.holder()).isEqualTo(new Holder("alice", PlanType.POSTPAID, day(0), 1));
            assertThat(ChangeOfHands.since(state, date(50))).isFalse();
            assertThat(RecycleNotifications.of(portedOut.event(200, new PortedIn("alice", PlanType.POSTPAID,
                    day(150), null, null)), portedOut.stateBefore(), state)).isEmpty();
        }

        @Test
        void thenAPortBackWithSomeoneElseIsAChangeOfHands() {
            var portedOut = scenario().given(ALICE).givenOn(100, new PortedOut(null));
            PortedIn carol = new PortedIn("carol", PlanType.POSTPAID, day(150), null, null);

            NumberState state = portedOut.whenOn(200, carol).thenState();

            assertThat(state.holder()).isEqualTo(new Holder("carol", PlanType.POSTPAID, day(150), 2));
            assertThat(ChangeOfHands.since(state, date(50))).isTrue();
            assertThat(ChangeOfHands.since(state, date(160))).isFalse();
            assertThat(RecycleNotifications.of(portedOut.event(200, carol), portedOut.stateBefore(), state))
                    .map(RecycleNotification::kind)
                    .contains(NotificationKind.REASSIGNED);
        }
    }

    @Test
    void onlyTheRegistryEndsAFlagForTheEndOfATenure() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scenario().event(3,
                        new FlagCleared("spam-1", FlagClearance.TENURE_ENDED, "registry", null)))
                .hasMessageContaining("TENURE_ENDED is the registry's own");
    }

    @Nested
    class APortIn {

        @Test
        void bringsANumberTheRegistryNeverSawWithATenureThatBeganElsewhere() {
            Instant yearsBack = Instant.parse("2018-04-01T00:00:00Z");

            NumberState state = scenario().whenOn(0, new PortedIn("dave", PlanType.PREPAID, yearsBack, day(30),
                    "donor-carrier")).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state.holder()).isEqualTo(new Holder("dave", PlanType.PREPAID, yearsBack, 1));
            assertThat(state.coveredFrom()).isEqualTo(yearsBack);
            assertThat(ChangeOfHands.since(state, LocalDate.of(2020, 1, 1))).isFalse();
            assertThat(ChangeOfHands.canAnswerFor(state, LocalDate.of(2018, 3, 31))).isFalse();
        }

        @Test
        void ofANumberTheCarrierHoldsIsRefused() {
            scenario().given(ALICE).whenOn(3, new PortedIn("eve", PlanType.PREPAID, day(1), null, null))
                    .thenRejected(RejectionCode.NOT_PORTED_OUT);
        }

        @Test
        void cannotBringATenureThatBeginsAfterIt() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> scenario().event(3,
                            new PortedIn("eve", PlanType.PREPAID, day(4), null, null)))
                    .hasMessageContaining("tenureStart " + day(4) + " is after occurredAt " + day(3));
        }
    }

    @Test
    void theSeedsOtherSituationsStillHoldARecoveryRefusedOnceReassigned() {
        scenario().given(ALICE, new CancellationRequested(), new CancellationCompleted(), new NumberRecycled())
                .givenOn(93, new QuarantineEnded())
                .givenOn(94, new NumberReassigned("bob", PlanType.POSTPAID, null))
                .whenOn(95, new NumberRecovered("alice", day(120))).thenRejected(RejectionCode.ALREADY_REASSIGNED);
    }
}
