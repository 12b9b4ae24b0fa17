package dev.numberregistry.core.lifecycle;

import static dev.numberregistry.core.lifecycle.LifecycleScenario.NUMBER;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.day;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.core.check.ChangeOfHands;
import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.event.EventPayload.FlagCleared;
import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberImported;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.NumberRecovered;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberResumed;
import dev.numberregistry.core.event.EventPayload.QuarantineEnded;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.Suspension;
import dev.numberregistry.core.state.SuspensionReason;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A number the carrier had before the registry: imported as it stands, then living on like any other. */
class NumberImportTest {

    // Default policy: 30 days of grace, 90 days of quarantine, recycling at grace expiry.
    private static final Instant YEARS_BACK = Instant.parse("2015-03-01T00:00:00Z");
    private static final Holder ALICE = new Holder("alice", PlanType.PREPAID, YEARS_BACK, 1);
    private static final Flag SPAM = new Flag("spam-1", FlagKind.SPAM, FlagSeverity.HIGH, "spam-desk", null,
            Instant.parse("2025-06-01T00:00:00Z"));

    private static NumberImported active(Holder holder, Instant validUntil) {
        return new NumberImported(NumberStatus.ACTIVE, holder, null, validUntil, null, null, null, List.of(), null,
                null, YEARS_BACK);
    }

    private static NumberImported inGrace(Instant graceEndsAt) {
        return new NumberImported(NumberStatus.IN_GRACE, ALICE, null, day(-5), graceEndsAt, null, null, List.of(),
                null, null, YEARS_BACK);
    }

    private static NumberImported quarantined(Holder previousHolder, Instant quarantineEndsAt) {
        return new NumberImported(NumberStatus.QUARANTINED, null, previousHolder, null, null, quarantineEndsAt, null,
                List.of(), null, null, YEARS_BACK);
    }

    @Nested
    class AnUnknownNumber {

        @Test
        void entersAsTheCarrierKnewItWithItsHolderSinceYearsBack() {
            NumberImported imported = new NumberImported(NumberStatus.ACTIVE, ALICE, null, day(40), null, null, null,
                    List.of(SPAM), day(-3), Instant.parse("2024-02-02T00:00:00Z"), YEARS_BACK);

            NumberState state = scenario().whenOn(0, imported).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state.holder()).isEqualTo(ALICE);
            assertThat(state.validUntil()).isEqualTo(day(40));
            assertThat(state.flags()).containsExactly(SPAM);
            assertThat(state.cancellationRequestedAt()).isEqualTo(day(-3));
            assertThat(state.lastSimChangeAt()).isEqualTo(Instant.parse("2024-02-02T00:00:00Z"));
            assertThat(state.coveredFrom()).isEqualTo(YEARS_BACK);
            assertThat(state.appliedEvents()).isEqualTo(1);
        }

        @Test
        void keepsTheCarriersCoverageOverTheRegistryWideStart() {
            PolicyBook coveredSince2010 = new PolicyBook(LifecyclePolicy.DEFAULT, List.of(),
                    Instant.parse("2010-01-01T00:00:00Z"));

            NumberState state = scenario(coveredSince2010).whenOn(0, active(ALICE, null)).thenState();

            assertThat(state.coveredFrom()).isEqualTo(YEARS_BACK);
        }

        @Test
        void isStillRefusedAnythingButAFirstEvent() {
            Decision.Rejected rejected = scenario().whenOn(0, new NumberResumed())
                    .thenRejected(RejectionCode.UNKNOWN_NUMBER);

            assertThat(rejected.reason()).contains("NumberAssigned, NumberImported or PortedIn");
        }
    }

    @Nested
    class AKnownNumber {

        @Test
        void refusesAnImport() {
            var given = scenario().given(new NumberAssigned("bob", PlanType.POSTPAID, null));

            Decision.Rejected rejected = given.whenOn(5, active(ALICE, null)).thenRejected(RejectionCode.ALREADY_REGISTERED);

            assertThat(rejected.reason()).contains("already registered");
        }

        @Test
        void refusesASecondImport() {
            scenario().given(active(ALICE, null)).whenOn(5, active(ALICE, null))
                    .thenRejected(RejectionCode.ALREADY_REGISTERED);
        }

        @Test
        void thatWasImportedAvailableIsReassignedNotAssigned() {
            NumberImported available = new NumberImported(NumberStatus.AVAILABLE, null, null, null, null, null, null,
                    List.of(), null, null, YEARS_BACK);

            scenario().given(available).whenOn(3, new NumberAssigned("bob", PlanType.PREPAID, null))
                    .thenRejected(RejectionCode.ALREADY_REGISTERED);
            NumberState state = scenario().given(available)
                    .whenOn(3, new NumberReassigned("bob", PlanType.PREPAID, null)).thenState();
            assertThat(state.holder()).isEqualTo(new Holder("bob", PlanType.PREPAID, day(3), 1));
        }
    }

    @Nested
    class ItsDeadlines {

        private static Deadline due(Instant at, DeadlineKind kind) {
            return new Deadline(at, kind, at, Duration.ZERO);
        }

        private final Deadlines deadlines = new Deadlines(new PolicyBook(
                new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), true, List.of()), List.of()));

        @Test
        void runFromTheImportedEnds() {
            NumberState inGrace = scenario().whenOn(0, inGrace(day(20))).thenState();
            NumberState quarantined = scenario().whenOn(0, quarantined(ALICE, day(60))).thenState();

            assertThat(deadlines.of(inGrace)).containsExactly(due(day(20), DeadlineKind.GRACE_END));
            assertThat(deadlines.of(quarantined)).containsExactly(due(day(60), DeadlineKind.QUARANTINE_END));
        }

        @Test
        void recycleANumberImportedInGraceAtItsGraceEnd() {
            NumberState afterImport = scenario().whenOn(0, inGrace(day(20))).thenState();
            Deadline graceEnd = deadlines.of(afterImport).get(0);
            NumberEvent expiry = Deadlines.decisionAt(afterImport, graceEnd).orElseThrow();

            Decision.Applied applied = scenario().given(inGrace(day(20))).when(expiry).thenApplied();

            assertThat(applied.state().status()).isEqualTo(NumberStatus.EXPIRED);
            assertThat(applied.implied()).singleElement()
                    .satisfies(recycled -> {
                        assertThat(recycled.payload()).isInstanceOf(NumberRecycled.class);
                        assertThat(recycled.occurredAt()).isEqualTo(day(20));
                    });
        }

        @Test
        void stopWhileAnImportedSuspensionLastsAndResumeWithIt() {
            NumberImported suspendedInGrace = new NumberImported(NumberStatus.SUSPENDED, ALICE, null, day(-5), day(20),
                    null, new Suspension(SuspensionReason.VOLUNTARY, day(-2), NumberStatus.IN_GRACE), List.of(), null,
                    null, YEARS_BACK);
            var given = scenario().given(suspendedInGrace);
            assertThat(deadlines.of(given.stateBefore())).isEmpty();

            NumberState resumed = given.whenOn(4, new NumberResumed()).thenState();

            assertThat(resumed.status()).isEqualTo(NumberStatus.IN_GRACE);
            assertThat(deadlines.of(resumed)).containsExactly(due(day(20), DeadlineKind.GRACE_END));
        }

        @Test
        void endAtOnceWithATopUpLikeAnyOthers() {
            NumberState toppedUp = scenario().given(inGrace(day(20))).whenOn(3, new TopUpMade(500, "USD", day(60)))
                    .thenState();

            assertThat(toppedUp.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(deadlines.of(toppedUp)).containsExactly(due(day(60), DeadlineKind.VALIDITY_END));
        }
    }

    @Nested
    class ItsPreviousHolder {

        @Test
        void mayRecoverIt() {
            NumberState recovered = scenario().given(quarantined(ALICE, day(60)))
                    .whenOn(5, new NumberRecovered("alice", day(35))).thenState();

            assertThat(recovered.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(recovered.holder()).isEqualTo(ALICE);
        }

        @Test
        void whenUnknownLetsNobodyRecoverIt() {
            Decision.Rejected rejected = scenario().given(quarantined(null, day(60)))
                    .whenOn(5, new NumberRecovered("alice", day(35))).thenRejected(RejectionCode.NOT_PREVIOUS_HOLDER);

            assertThat(rejected.reason()).contains("imported without its last holder");
        }

        @Test
        void countsTheNextAssignmentOnFromIt() {
            Holder thirdHolder = new Holder("alice", PlanType.PREPAID, YEARS_BACK, 3);

            NumberState reassigned = scenario().given(quarantined(thirdHolder, day(60)))
                    .givenOn(60, new QuarantineEnded())
                    .whenOn(61, new NumberReassigned("bob", PlanType.POSTPAID, null)).thenState();

            assertThat(reassigned.holder().assignmentNumber()).isEqualTo(4);
        }
    }

    @Nested
    class ItsFlags {

        @Test
        void areClearedLikeAnyOthers() {
            NumberImported flagged = new NumberImported(NumberStatus.ACTIVE, ALICE, null, null, null, null, null,
                    List.of(SPAM), null, null, YEARS_BACK);

            NumberState cleared = scenario().given(flagged)
                    .whenOn(2, new FlagCleared("spam-1", FlagClearance.APPEAL_UPHELD, "appeals", null)).thenState();

            assertThat(cleared.flags()).isEmpty();
        }
    }

    @Nested
    class TheBanksCheck {

        @Test
        void answersFromTheCoverageDateOnAndSeesTheLongTenure() {
            NumberState state = scenario().whenOn(0, active(ALICE, null)).thenState();

            assertThat(ChangeOfHands.canAnswerFor(state, LocalDate.of(2015, 2, 28))).isFalse();
            assertThat(ChangeOfHands.canAnswerFor(state, LocalDate.of(2015, 3, 1))).isTrue();
            assertThat(ChangeOfHands.since(state, LocalDate.of(2019, 1, 1))).isFalse();
        }
    }

    @Nested
    class AnImportThatContradictsItself {

        @Test
        void isRefusedNamingWhatIsWrong() {
            assertInvalid(() -> new NumberImported(NumberStatus.ACTIVE, null, null, null, null, null, null, List.of(),
                    null, null, YEARS_BACK), "holder is required");
            assertInvalid(() -> new NumberImported(NumberStatus.QUARANTINED, ALICE, null, null, null, day(9), null,
                    List.of(), null, null, YEARS_BACK), "give its last holder as previousHolder");
            assertInvalid(() -> new NumberImported(NumberStatus.IN_GRACE, ALICE, null, null, null, null, null,
                    List.of(), null, null, YEARS_BACK), "needs graceEndsAt");
            assertInvalid(() -> new NumberImported(NumberStatus.ACTIVE, ALICE, null, null, day(9), null, null,
                    List.of(), null, null, YEARS_BACK), "graceEndsAt is for a number in grace or expired");
            assertInvalid(() -> new NumberImported(NumberStatus.QUARANTINED, null, ALICE, null, null, null, null,
                    List.of(), null, null, YEARS_BACK), "needs quarantineEndsAt");
            assertInvalid(() -> new NumberImported(NumberStatus.SUSPENDED, ALICE, null, null, null, null, null,
                    List.of(), null, null, YEARS_BACK), "needs its suspension");
            assertInvalid(() -> new NumberImported(NumberStatus.ACTIVE, ALICE, null, null, null, null,
                    new Suspension(SuspensionReason.FAULT, day(0), NumberStatus.ACTIVE), List.of(), null, null,
                    YEARS_BACK), "only a SUSPENDED number has a suspension");
            assertInvalid(() -> new NumberImported(NumberStatus.SUSPENDED, ALICE, null, null, null, null,
                    new Suspension(SuspensionReason.FAULT, day(0), NumberStatus.CANCELLED), List.of(), null, null,
                    YEARS_BACK), "suspension.resumeTo must be ACTIVE, IN_GRACE or EXPIRED");
            assertInvalid(() -> new NumberImported(NumberStatus.IN_GRACE,
                    new Holder("alice", PlanType.POSTPAID, YEARS_BACK, 1), null, null, day(9), null, null, List.of(),
                    null, null, YEARS_BACK), "only a prepaid number has a grace period");
            assertInvalid(() -> new NumberImported(NumberStatus.ACTIVE, ALICE, null, null, null, null, null,
                    List.of(SPAM, SPAM), null, null, YEARS_BACK), "flag spam-1 is given twice");
            assertInvalid(() -> new NumberImported(NumberStatus.ACTIVE, new Holder("alice", PlanType.PREPAID,
                    YEARS_BACK, 0), null, null, null, null, null, List.of(), null, null, YEARS_BACK),
                    "holder.assignmentNumber must be 1 or more");
            assertInvalid(() -> new NumberImported(NumberStatus.AVAILABLE, null, null, null, null, null, null,
                    List.of(), day(1), null, YEARS_BACK), "cancellationRequestedAt is for a held number");
            assertInvalid(() -> new NumberImported(NumberStatus.ACTIVE, ALICE, null, null, null, null, null,
                    List.of(), null, null, null), "coveredFrom is required");
        }

        @Test
        void isRefusedWhenItTellsOfALaterTimeThanItsOwn() {
            NumberImported tenureBeginsOnDay5 = active(new Holder("alice", PlanType.PREPAID, day(5), 1), null);

            assertThatThrownBy(() -> new NumberEvent("import-1", NUMBER, day(4), day(4), "billing", tenureBeginsOnDay5))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("holder.tenureStart " + day(5) + " is after occurredAt " + day(4));
        }

        private static void assertInvalid(Runnable construction, String message) {
            assertThatThrownBy(construction::run).isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining(message);
        }
    }

    @Test
    void graceExpiryOfAnImportedNumberNeedsItsGraceToBeOver() {
        scenario().given(inGrace(day(20))).whenOn(10, new GraceExpired()).thenRejected(RejectionCode.GRACE_NOT_OVER);
    }
}
