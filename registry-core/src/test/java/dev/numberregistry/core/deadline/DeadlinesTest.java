package dev.numberregistry.core.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberSuspended;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.Decision;
import dev.numberregistry.core.lifecycle.Lifecycle;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private static final PhoneNumber NUMBER = PhoneNumber.parse("+919876543210");
    private static final Instant DAY_ZERO = Instant.parse("2026-01-01T00:00:00Z");

    private final PolicyBook policies = PolicyBook.defaults();
    private final Deadlines deadlines = new Deadlines(policies);
    private final Lifecycle lifecycle = new Lifecycle(policies);

    private static Instant day(int day) {
        return DAY_ZERO.plus(Duration.ofDays(day));
    }

    /** Folds payloads dated day 0, 1, 2... (or as given by {@link Dated}) into a state. */
    private NumberState stateAfter(Object... steps) {
        NumberState state = null;
        int day = 0;
        int id = 0;
        for (Object step : steps) {
            EventPayload payload = step instanceof Dated dated ? dated.payload() : (EventPayload) step;
            int on = step instanceof Dated dated ? dated.day() : day;
            Decision decision = lifecycle.decide(state, new NumberEvent("e" + id++, NUMBER, day(on), day(on),
                    "billing", payload));
            state = ((Decision.Applied) decision).state();
            day = on + 1;
        }
        return state;
    }

    private record Dated(int day, EventPayload payload) {
    }

    @Test
    void anActivePrepaidNumberAwaitsItsValidityEndWithAReminderAWeekAndADayBefore() {
        NumberState state = stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(30)));

        assertThat(deadlines.of(state)).containsExactly(
                new Deadline(day(23), DeadlineKind.VALIDITY_REMINDER, day(30), Duration.ofDays(7)),
                new Deadline(day(29), DeadlineKind.VALIDITY_REMINDER, day(30), Duration.ofDays(1)),
                new Deadline(day(30), DeadlineKind.VALIDITY_END, day(30), Duration.ZERO));
    }

    @Test
    void anyOfAStatesDeadlinesTellsItsEndAndTheStatusItIsPendingIn() {
        List<NumberState> states = List.of(
                stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(30))),
                stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(10)), new Dated(10, new ValidityLapsed())),
                stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(10)), new Dated(10, new ValidityLapsed()),
                        new Dated(40, new GraceExpired()), new Dated(40, new NumberRecycled())));

        assertThat(states).extracting(NumberState::status).containsExactly(NumberStatus.ACTIVE, NumberStatus.IN_GRACE,
                NumberStatus.QUARANTINED);
        for (NumberState state : states) {
            List<Deadline> pending = deadlines.of(state);
            Deadline end = pending.get(pending.size() - 1);
            assertThat(end.kind().isReminder()).isFalse();
            assertThat(pending).allSatisfy(deadline -> {
                assertThat(deadline.stateEnd()).isEqualTo(end);
                assertThat(deadline.kind().pendingIn()).isEqualTo(state.status());
            });
        }
    }

    @Test
    void aPostpaidNumberHasNoValidityToWatch() {
        assertThat(deadlines.of(stateAfter(new NumberAssigned("s", PlanType.POSTPAID, null)))).isEmpty();
    }

    @Test
    void aNumberInGraceAwaitsTheGraceEnd() {
        NumberState state = stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(10)),
                new Dated(10, new ValidityLapsed()));

        assertThat(deadlines.of(state)).extracting(Deadline::kind).containsExactly(
                DeadlineKind.GRACE_REMINDER, DeadlineKind.GRACE_REMINDER, DeadlineKind.GRACE_END);
        assertThat(deadlines.of(state).get(2).at()).isEqualTo(day(40));
    }

    @Test
    void aRecycledNumberAwaitsTheEndOfItsQuarantine() {
        NumberState state = stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(10)),
                new Dated(10, new ValidityLapsed()), new Dated(40, new GraceExpired()),
                new Dated(40, new EventPayload.NumberRecycled()));

        assertThat(deadlines.of(state)).containsExactly(
                new Deadline(day(130), DeadlineKind.QUARANTINE_END, day(130), Duration.ZERO));
    }

    @Test
    void suspensionPausesTheClock() {
        NumberState state = stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(30)),
                new NumberSuspended(SuspensionReason.FAULT, null));

        assertThat(deadlines.of(state)).isEmpty();
    }

    @Test
    void aTopUpMakesTheOldValidityDeadlinesStale() {
        NumberState before = stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(30)));
        NumberState after = stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(30)),
                new TopUpMade(100, "INR", day(60)));

        List<Deadline> old = deadlines.of(before);

        assertThat(old).hasSize(3);
        assertThat(deadlines.of(after)).doesNotContainAnyElementsOf(old);
    }

    @Test
    void theDecisionAtADeadlineIsTheSameEventEveryTime() {
        NumberState state = stateAfter(new NumberAssigned("s", PlanType.PREPAID, day(30)));
        Deadline validityEnd = deadlines.of(state).get(2);

        NumberEvent decided = Deadlines.decisionAt(state, validityEnd).orElseThrow();

        assertThat(Deadlines.decisionAt(state, validityEnd)).contains(decided);
        assertThat(decided.payload()).isInstanceOf(ValidityLapsed.class);
        assertThat(decided.occurredAt()).isEqualTo(day(30));
        assertThat(decided.recordedAt()).isEqualTo(day(30));
        assertThat(decided.source()).isEqualTo(NumberEvent.REGISTRY_SOURCE);
        assertThat(decided.eventId()).isEqualTo("+919876543210/VALIDITY_END/" + day(30));
        assertThat(lifecycle.decide(state, decided)).isInstanceOf(Decision.Applied.class);
        assertThat(Deadlines.decisionAt(state, deadlines.of(state).get(0))).isEmpty();
    }
}
