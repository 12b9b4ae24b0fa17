package dev.numberregistry.core.check;

import static dev.numberregistry.core.lifecycle.LifecycleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.NumberRecovered;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberSuspended;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.lifecycle.LifecycleScenario;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CAMARA Number Recycling scenarios, on a calendar counted in days from 2026-01-01. */
class ChangeOfHandsTest {

    private static final NumberAssigned USER_A = new NumberAssigned("user-a", PlanType.POSTPAID, null);

    private static LocalDate date(int day) {
        return LocalDate.of(2026, 1, 1).plusDays(day);
    }

    /** User A's contract began on day 10 and still runs. */
    private static NumberState userAStillHolds() {
        return scenario().givenOn(10, USER_A).stateBefore();
    }

    @Test
    void theHolderOnTheDateStillHoldsTheNumber() {
        assertThat(ChangeOfHands.since(userAStillHolds(), date(40))).isFalse();
    }

    @Test
    void theDayTheContractBeganCountsAsTheHoldersOwn() {
        assertThat(ChangeOfHands.since(userAStillHolds(), date(10))).isFalse();
    }

    @Test
    void theRegistryAnswersFromTheDayItFirstSawTheNumberOn() {
        NumberState state = userAStillHolds();

        assertThat(ChangeOfHands.firstAnswerableDay(state)).contains(date(10));
        assertThat(ChangeOfHands.canAnswerFor(state, date(10))).isTrue();
        assertThat(ChangeOfHands.canAnswerFor(state, date(9))).as("a day it did not see").isFalse();
    }

    @Test
    void aRegistryThatSawEveryEventSinceAStartAnswersFromThatStart() {
        PolicyBook sawEverythingSinceDayZero = new PolicyBook(LifecyclePolicy.DEFAULT, List.of(),
                LifecycleScenario.day(0));

        NumberState state = scenario(sawEverythingSinceDayZero).givenOn(10, USER_A).stateBefore();

        assertThat(ChangeOfHands.firstAnswerableDay(state)).contains(date(0));
        assertThat(ChangeOfHands.since(state, date(5))).as("nobody held it on day 5").isTrue();
        assertThat(ChangeOfHands.canAnswerFor(state, date(-1))).isFalse();
    }

    @Test
    void aStateFromBeforeCoverageWasKeptAnswersForAnyDay() {
        NumberState older = userAStillHolds().toBuilder().coveredFrom(null).build();

        assertThat(ChangeOfHands.canAnswerFor(older, date(-1000))).isTrue();
    }

    @Test
    void beforeTheContractBeganNobodyHeldTheNumberSoItChangedHands() {
        assertThat(ChangeOfHands.since(userAStillHolds(), date(9))).isTrue();
    }

    @Test
    void aCancelledRecycledAndReassignedNumberChangedHands() {
        LifecycleScenario scenario = scenario().givenOn(10, USER_A).givenOn(40, new CancellationRequested())
                .givenOn(55, new CancellationCompleted()).givenOn(56, new NumberRecycled())
                .givenOn(200, new NumberReassigned("user-b", PlanType.PREPAID, null));

        assertThat(ChangeOfHands.since(scenario.stateBefore(), date(30))).as("while A held it").isTrue();
        assertThat(ChangeOfHands.since(scenario.stateBefore(), date(100))).as("while nobody held it").isTrue();
        assertThat(ChangeOfHands.since(scenario.stateBefore(), date(200))).as("B's first day").isFalse();
    }

    @Test
    void nobodyHoldsARecycledNumberSoItChangedHands() {
        NumberState cancelled = scenario().givenOn(10, USER_A).givenOn(40, new CancellationRequested())
                .givenOn(55, new CancellationCompleted()).stateBefore();

        assertThat(ChangeOfHands.since(cancelled, date(30))).isTrue();
    }

    @Test
    void suspensionGraceAndFlagsDoNotChangeTheHolder() {
        NumberState troubled = scenario().givenOn(10, new NumberAssigned("user-a", PlanType.PREPAID, LocalDate.of(2026, 2, 1)
                        .atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                .givenOn(31, new ValidityLapsed())
                .givenOn(32, new FlagRaised("f", FlagKind.FRAUD, FlagSeverity.HIGH, "risk", null))
                .givenOn(33, new NumberSuspended(SuspensionReason.ARREARS, null)).stateBefore();

        assertThat(ChangeOfHands.since(troubled, date(20))).isFalse();
    }

    @Test
    void aRecoveryByThePreviousHolderUndoesTheRecycling() {
        NumberState recovered = scenario().givenOn(10, USER_A).givenOn(40, new CancellationRequested())
                .givenOn(55, new CancellationCompleted()).givenOn(56, new NumberRecycled())
                .givenOn(60, new NumberRecovered("user-a", null)).stateBefore();

        assertThat(ChangeOfHands.since(recovered, date(20))).isFalse();
    }
}
