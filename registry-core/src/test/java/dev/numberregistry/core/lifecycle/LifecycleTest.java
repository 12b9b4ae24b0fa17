package dev.numberregistry.core.lifecycle;

import static dev.numberregistry.core.lifecycle.LifecycleScenario.NUMBER;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.day;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventLimits;
import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.FlagCleared;
import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.NumberRecovered;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberResumed;
import dev.numberregistry.core.event.EventPayload.NumberSuspended;
import dev.numberregistry.core.event.EventPayload.QuarantineEnded;
import dev.numberregistry.core.event.EventPayload.SimChanged;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.policy.PolicyRule;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    // Default policy: 30 days of grace, 90 days of quarantine, recycling at grace expiry.
    private static final NumberAssigned ALICE_PREPAID = new NumberAssigned("alice", PlanType.PREPAID, day(10));
    private static final NumberReassigned BOB = new NumberReassigned("bob", PlanType.PREPAID, null);

    private static TopUpMade topUpUntil(int day) {
        return new TopUpMade(1000, "USD", day(day));
    }

    private static FlagRaised flag(String id, FlagKind kind) {
        return new FlagRaised(id, kind, FlagSeverity.HIGH, "fraud-desk", null);
    }

    @Nested
    class AUnknownNumber {

        @Test
        void entersTheRegistryThroughItsFirstAssignment() {
            NumberState state = scenario().whenOn(0, ALICE_PREPAID).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state.holder()).isEqualTo(new Holder("alice", PlanType.PREPAID, day(0), 1));
            assertThat(state.validUntil()).isEqualTo(day(10));
            assertThat(state.appliedEvents()).isEqualTo(1);
            assertThat(state.lastEventId()).isEqualTo("e-1");
        }

        @Test
        void isRefusedAnyOtherEventWithAReasonThatNamesTheFirstEvent() {
            Decision.Rejected rejected = scenario().whenOn(0, topUpUntil(30)).thenRejected(RejectionCode.UNKNOWN_NUMBER);

            assertThat(rejected.reason()).contains("NumberAssigned").contains("TopUpMade");
        }

        @Test
        void cannotBeReassignedBecauseNobodyKnowsWhoHadItBefore() {
            scenario().whenOn(0, BOB).thenRejected(RejectionCode.UNKNOWN_NUMBER);
        }
    }

    @Test
    void aSecondFirstAssignmentIsRefused() {
        scenario().given(ALICE_PREPAID).whenOn(1, ALICE_PREPAID).thenRejected(RejectionCode.ALREADY_REGISTERED);
    }

    @Nested
    class TopUpsAndGrace {

        @Test
        void aTopUpExtendsTheValidityAndIsRemembered() {
            NumberState state = scenario().given(ALICE_PREPAID).whenOn(5, topUpUntil(40)).thenState();

            assertThat(state.validUntil()).isEqualTo(day(40));
            assertThat(state.lastTopUpAt()).isEqualTo(day(5));
        }

        @Test
        void aShorterTopUpNeverShortensTheValidity() {
            NumberState state = scenario().given(ALICE_PREPAID, topUpUntil(60)).whenOn(5, topUpUntil(40)).thenState();

            assertThat(state.validUntil()).isEqualTo(day(60));
        }

        @Test
        void aLapsedValidityStartsGraceThatEndsAPolicyPeriodAfterTheValidityEnd() {
            NumberState state = scenario().given(ALICE_PREPAID).whenOn(10, new ValidityLapsed()).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.IN_GRACE);
            assertThat(state.graceEndsAt()).isEqualTo(day(40));
        }

        @Test
        void theValidityCannotLapseBeforeItEnds() {
            scenario().given(ALICE_PREPAID).whenOn(9, new ValidityLapsed()).thenRejected(RejectionCode.VALIDITY_NOT_LAPSED);
        }

        @Test
        void aPostpaidNumberHasNoValidityToLapse() {
            scenario().given(new NumberAssigned("corp", PlanType.POSTPAID, null))
                    .whenOn(10, new ValidityLapsed()).thenRejected(RejectionCode.NOT_PREPAID);
        }

        @Test
        void aTopUpInGraceReturnsTheNumberToActive() {
            NumberState state = scenario().given(ALICE_PREPAID).givenOn(10, new ValidityLapsed())
                    .whenOn(20, topUpUntil(50)).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state.graceEndsAt()).isNull();
            assertThat(state.validUntil()).isEqualTo(day(50));
        }

        @Test
        void graceCannotExpireBeforeItsEnd() {
            scenario().given(ALICE_PREPAID).givenOn(10, new ValidityLapsed())
                    .whenOn(39, new GraceExpired()).thenRejected(RejectionCode.GRACE_NOT_OVER);
        }

        @Test
        void expiredGraceImpliesARecyclingWithAnIdDerivedFromTheExpiry() {
            Decision.Applied applied = scenario().given(ALICE_PREPAID).givenOn(10, new ValidityLapsed())
                    .whenOn(40, new GraceExpired()).thenApplied();

            assertThat(applied.state().status()).isEqualTo(NumberStatus.EXPIRED);
            assertThat(applied.implied()).singleElement().satisfies(implied -> {
                assertThat(implied.payload()).isInstanceOf(NumberRecycled.class);
                assertThat(implied.eventId()).isEqualTo(applied.state().lastEventId() + "/recycled");
                assertThat(implied.source()).isEqualTo(NumberEvent.REGISTRY_SOURCE);
                assertThat(implied.occurredAt()).isEqualTo(day(40));
            });
        }

        @Test
        void expiredGraceWaitsForTheCarrierWhenThePolicySaysSo() {
            PolicyBook carrierRecycles = new PolicyBook(
                    new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), false), List.of());

            Decision.Applied applied = scenario(carrierRecycles).given(ALICE_PREPAID).givenOn(10, new ValidityLapsed())
                    .whenOn(40, new GraceExpired()).thenApplied();

            assertThat(applied.implied()).isEmpty();
        }

        @Test
        void aTopUpMadeBeforeTheGraceEndButReceivedAfterTheExpiryStillSavesTheNumber() {
            LifecycleScenario scenario = scenario().given(ALICE_PREPAID).givenOn(10, new ValidityLapsed())
                    .givenOn(40, new GraceExpired());

            NumberState state = scenario.whenOn(39, topUpUntil(70)).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state.holder().subscriberRef()).isEqualTo("alice");
        }

        @Test
        void aTopUpMadeAfterTheGraceEndIsRefused() {
            scenario().given(ALICE_PREPAID).givenOn(10, new ValidityLapsed()).givenOn(40, new GraceExpired())
                    .whenOn(41, topUpUntil(70)).thenRejected(RejectionCode.GRACE_ALREADY_EXPIRED);
        }
    }

    @Nested
    class Suspension {

        @Test
        void suspendsAndResumesToTheStatusItHadBefore() {
            LifecycleScenario scenario = scenario().given(ALICE_PREPAID).givenOn(10, new ValidityLapsed())
                    .givenOn(11, new NumberSuspended(SuspensionReason.LOST_SIM, "reported stolen"));
            assertThat(scenario.stateBefore().status()).isEqualTo(NumberStatus.SUSPENDED);

            NumberState resumed = scenario.whenOn(12, new NumberResumed()).thenState();

            assertThat(resumed.status()).isEqualTo(NumberStatus.IN_GRACE);
            assertThat(resumed.suspension()).isNull();
        }

        @Test
        void aTopUpWhileSuspendedInGraceMakesTheResumptionReturnToActive() {
            NumberState state = scenario().given(ALICE_PREPAID).givenOn(10, new ValidityLapsed())
                    .givenOn(11, new NumberSuspended(SuspensionReason.FAULT, null))
                    .givenOn(12, topUpUntil(60))
                    .whenOn(13, new NumberResumed()).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
        }

        @Test
        void cannotBeSuspendedTwice() {
            scenario().given(ALICE_PREPAID, new NumberSuspended(SuspensionReason.VOLUNTARY, null))
                    .whenOn(5, new NumberSuspended(SuspensionReason.FAULT, null))
                    .thenRejected(RejectionCode.ALREADY_SUSPENDED);
        }

        @Test
        void onlyASuspendedNumberResumes() {
            scenario().given(ALICE_PREPAID).whenOn(1, new NumberResumed()).thenRejected(RejectionCode.NOT_SUSPENDED);
        }
    }

    @Nested
    class Flags {

        @Test
        void severalFlagsOverlayTheStatusAndAreClearedById() {
            NumberState state = scenario().given(ALICE_PREPAID, flag("f1", FlagKind.FRAUD), flag("f2", FlagKind.SPAM))
                    .whenOn(5, new FlagCleared("f1", FlagClearance.APPEAL_UPHELD, "appeals-team", null)).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state.flags()).extracting(flag -> flag.flagId()).containsExactly("f2");
        }

        @Test
        void aFlagIdStillRaisedCannotBeRaisedAgain() {
            scenario().given(ALICE_PREPAID, flag("f1", FlagKind.FRAUD))
                    .whenOn(5, flag("f1", FlagKind.SPAM)).thenRejected(RejectionCode.FLAG_ALREADY_RAISED);
        }

        @Test
        void aNumberHoldsABoundedNumberOfOpenFlagsSoItsStateStaysSmall() {
            LifecycleScenario full = scenario().given(ALICE_PREPAID);
            for (int open = 0; open < EventLimits.MAX_OPEN_FLAGS; open++) {
                full.given(flag("f" + open, FlagKind.SPAM));
            }

            full.whenOn(100, flag("one-too-many", FlagKind.FRAUD)).thenRejected(RejectionCode.TOO_MANY_FLAGS);
            full.whenOn(100, new FlagCleared("f0", FlagClearance.EXPIRED, "ops", null)).thenApplied();
        }

        @Test
        void clearingAFlagThatIsNotRaisedIsRefused() {
            scenario().given(ALICE_PREPAID)
                    .whenOn(5, new FlagCleared("nope", FlagClearance.MISJUDGED, "ops", null))
                    .thenRejected(RejectionCode.FLAG_NOT_FOUND);
        }
    }

    @Nested
    class Cancellation {

        @Test
        void aRequestedCancellationCompletesAndTheHolderLeaves() {
            NumberState state = scenario().given(ALICE_PREPAID, new CancellationRequested())
                    .whenOn(5, new CancellationCompleted()).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.CANCELLED);
            assertThat(state.holder()).isNull();
            assertThat(state.previousHolder().subscriberRef()).isEqualTo("alice");
        }

        @Test
        void isRefusedWhileAnArrearsFlagIsRaised() {
            scenario().given(ALICE_PREPAID, flag("debt", FlagKind.ARREARS))
                    .whenOn(5, new CancellationRequested()).thenRejected(RejectionCode.ARREARS_OUTSTANDING);
        }

        @Test
        void isRefusedWhileSuspendedForArrears() {
            scenario().given(ALICE_PREPAID, new NumberSuspended(SuspensionReason.ARREARS, null))
                    .whenOn(5, new CancellationRequested()).thenRejected(RejectionCode.ARREARS_OUTSTANDING);
        }

        @Test
        void cannotCompleteWhenArrearsAppearedAfterTheRequest() {
            scenario().given(ALICE_PREPAID, new CancellationRequested(), flag("debt", FlagKind.ARREARS))
                    .whenOn(5, new CancellationCompleted()).thenRejected(RejectionCode.ARREARS_OUTSTANDING);
        }

        @Test
        void isAllowedOnceTheArrearsFlagIsCleared() {
            NumberState state = scenario().given(ALICE_PREPAID, flag("debt", FlagKind.ARREARS),
                            new FlagCleared("debt", FlagClearance.PAID, "billing", null))
                    .whenOn(5, new CancellationRequested()).thenState();

            assertThat(state.cancellationRequestedAt()).isEqualTo(day(5));
        }

        @Test
        void cannotCompleteWithoutARequest() {
            scenario().given(ALICE_PREPAID)
                    .whenOn(5, new CancellationCompleted()).thenRejected(RejectionCode.NO_CANCELLATION_REQUESTED);
        }
    }

    @Nested
    class RecyclingQuarantineAndReassignment {

        /** Alice's number, recycled on day 50: quarantined until day 140 by the default policy. */
        private LifecycleScenario recycledOnDay50() {
            return scenario().given(ALICE_PREPAID).givenOn(10, new ValidityLapsed()).givenOn(40, new GraceExpired())
                    .givenOn(50, new NumberRecycled());
        }

        @Test
        void recyclingStartsTheQuarantineAndRemembersTheLeavingHolder() {
            NumberState state = recycledOnDay50().stateBefore();

            assertThat(state.status()).isEqualTo(NumberStatus.QUARANTINED);
            assertThat(state.holder()).isNull();
            assertThat(state.previousHolder().subscriberRef()).isEqualTo("alice");
            assertThat(state.quarantineEndsAt()).isEqualTo(day(140));
            assertThat(state.lastRecycledAt()).isEqualTo(day(50));
        }

        @Test
        void aNumberItsHolderStillHasCannotBeRecycled() {
            scenario().given(ALICE_PREPAID).whenOn(5, new NumberRecycled()).thenRejected(RejectionCode.NOT_RECYCLABLE);
        }

        @Test
        void aReassignmentBeforeTheQuarantineEndsIsRefused() {
            Decision.Rejected rejected = recycledOnDay50().whenOn(139, BOB).thenRejected(RejectionCode.QUARANTINE_NOT_OVER);

            assertThat(rejected.reason()).contains(day(140).toString());
        }

        @Test
        void theQuarantineCannotEndEarly() {
            recycledOnDay50().whenOn(100, new QuarantineEnded()).thenRejected(RejectionCode.QUARANTINE_NOT_OVER);
        }

        @Test
        void aReassignmentAfterTheQuarantineStartsANewTenure() {
            NumberState state = recycledOnDay50().givenOn(140, new QuarantineEnded()).whenOn(150, BOB).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state.holder()).isEqualTo(new Holder("bob", PlanType.PREPAID, day(150), 2));
            assertThat(state.lastReassignedAt()).isEqualTo(day(150));
            assertThat(state.lastRecycledAt()).isEqualTo(day(50));
            assertThat(state.previousHolder()).isNull();
        }

        @Test
        void businessTimeDecidesSoAReassignmentDatedAfterTheQuarantineNeedsNoQuarantineEndedFirst() {
            NumberState state = recycledOnDay50().whenOn(140, BOB).thenState();

            assertThat(state.holder().subscriberRef()).isEqualTo("bob");
        }

        @Test
        void theOldOwnerRecoversTheNumberDuringQuarantineAndKeepsTheirTenure() {
            NumberState state = recycledOnDay50().whenOn(60, new NumberRecovered("alice", day(90))).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.ACTIVE);
            assertThat(state.holder()).isEqualTo(new Holder("alice", PlanType.PREPAID, day(0), 1));
            assertThat(state.lastRecoveredAt()).isEqualTo(day(60));
            assertThat(state.quarantineEndsAt()).isNull();
        }

        @Test
        void theOldOwnerRecoversAnAvailableNumberNobodyGotYet() {
            recycledOnDay50().givenOn(140, new QuarantineEnded())
                    .whenOn(145, new NumberRecovered("alice", day(175))).thenState();
        }

        @Test
        void nobodyButTheOldOwnerRecoversTheNumber() {
            recycledOnDay50().whenOn(60, new NumberRecovered("mallory", day(90))).thenRejected(RejectionCode.NOT_PREVIOUS_HOLDER);
        }

        @Test
        void recoveryIsImpossibleOnceTheNumberIsReassigned() {
            recycledOnDay50().givenOn(150, BOB)
                    .whenOn(151, new NumberRecovered("alice", day(180))).thenRejected(RejectionCode.ALREADY_REASSIGNED);
        }

        @Test
        void aNumberNeverRecycledHasNothingToRecover() {
            scenario().given(ALICE_PREPAID).whenOn(3, new NumberRecovered("alice", day(30)))
                    .thenRejected(RejectionCode.NOTHING_TO_RECOVER);
        }

        @Test
        void aCancelledNumberIsRecycled() {
            NumberState state = scenario().given(ALICE_PREPAID, new CancellationRequested(), new CancellationCompleted())
                    .whenOn(10, new NumberRecycled()).thenState();

            assertThat(state.status()).isEqualTo(NumberStatus.QUARANTINED);
            assertThat(state.previousHolder().subscriberRef()).isEqualTo("alice");
        }

        @Test
        void aRecycledNumberIsNotRecycledAgain() {
            recycledOnDay50().whenOn(60, new NumberRecycled()).thenRejected(RejectionCode.ALREADY_RECYCLED);
        }

        @Test
        void aReassignmentWhileSomeoneHoldsTheNumberIsRefused() {
            scenario().given(ALICE_PREPAID).whenOn(1, BOB).thenRejected(RejectionCode.NOT_AVAILABLE);
        }
    }

    @Nested
    class SimChanges {

        @Test
        void aSimSwapOnAHeldNumberIsRemembered() {
            NumberState state = scenario().given(ALICE_PREPAID).whenOn(5, new SimChanged("lost phone")).thenState();

            assertThat(state.lastSimChangeAt()).isEqualTo(day(5));
        }

        @Test
        void anAssignmentBindsTheNumberToANewSim() {
            assertThat(scenario().whenOn(3, ALICE_PREPAID).thenState().lastSimChangeAt()).isEqualTo(day(3));
        }

        @Test
        void aNumberNobodyHoldsHasNoSimToSwap() {
            scenario().given(ALICE_PREPAID, new CancellationRequested(), new CancellationCompleted())
                    .whenOn(5, new SimChanged(null)).thenRejected(RejectionCode.NO_HOLDER);
        }
    }

    @Test
    void thePolicyOfTheNumbersPrefixSetsItsQuarantine() {
        PolicyBook unitedStates = new PolicyBook(LifecyclePolicy.DEFAULT, List.of(new PolicyRule("+1", null,
                new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(45), true))));

        NumberState state = scenario(unitedStates).given(ALICE_PREPAID).givenOn(10, new ValidityLapsed())
                .givenOn(40, new GraceExpired()).whenOn(50, new NumberRecycled()).thenState();

        assertThat(NUMBER.e164()).startsWith("+1");
        assertThat(state.quarantineEndsAt()).isEqualTo(day(95));
    }
}
