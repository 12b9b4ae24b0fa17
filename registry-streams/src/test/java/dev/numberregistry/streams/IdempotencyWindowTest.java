package dev.numberregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How long the idempotency ledger remembers an applied event's id (IdempotencyLedger): at least the
 * window of log time, at most half a window more, so that under a steady stream it stops growing.
 * A window of an hour here, for the default's 30 days; records are written at the wall clock's time.
 */
class IdempotencyWindowTest {

    private static final Duration WINDOW = Duration.ofHours(1);
    /** Segments are half a window each: an id may outlive the window by up to one segment. */
    private static final Duration LONGEST_MEMORY = WINDOW.plus(WINDOW.dividedBy(2));

    private final TestEvents alice = TestEvents.about("+14155552671");

    @RegisterExtension
    final TopologyScenario registry = TopologyScenario.ofTheRegistry()
            .withLimits(RecordLimits.DEFAULT.withIdempotencyWindow(WINDOW));

    private static NumberEvent assignment(int i) {
        return TestEvents.about(String.format("+1415555%04d", i))
                .on(0, new NumberAssigned("sub-" + i, PlanType.POSTPAID, null));
    }

    @Test
    void aDuplicateWithinTheWindowIsRefused() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null));
        registry.given(assigned);

        registry.whenTimePasses(WINDOW.minusMinutes(1)).when(assigned);

        assertThat(registry.thenRejected(IntakeRejection.DUPLICATE_EVENT).getReason())
                .contains("was applied already");
        registry.thenNothingElse();
    }

    @Test
    void anIdIsForgottenOnceTheStreamHasPassedItByTheWindowAndARepeatIsJudgedAsANewEvent() {
        NumberEvent assigned = alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null));
        registry.given(assigned);

        // Log time moves on with the traffic of other numbers.
        registry.whenTimePasses(LONGEST_MEMORY.plusMinutes(1)).when(assignment(1));
        registry.thenStateOf(assignment(1).number().e164());
        assertThat(registry.ledgerIds()).doesNotContain(assigned.eventId());

        registry.when(assigned);
        assertThat(registry.thenRejected(RejectionCode.ALREADY_REGISTERED).getReason()).doesNotContain("applied already");
        registry.thenNothingElse();
    }

    @Test
    void underASteadyStreamTheLedgerHoldsTheLastWindowAndStopsGrowing() {
        int minutes = 600;
        List<String> ids = new ArrayList<>();
        int largest = 0;
        for (int i = 0; i < minutes; i++) {
            NumberEvent event = assignment(i);
            ids.add(event.eventId());
            registry.whenTimePasses(Duration.ofMinutes(1)).when(event);
            registry.thenStateOf(event.number().e164());
            largest = Math.max(largest, registry.ledgerIds().size());
        }

        int window = (int) WINDOW.toMinutes();
        assertThat(registry.ledgerIds()).as("every id of the last window").containsAll(ids.subList(minutes - window, minutes));
        assertThat(largest).as("the most ids held at once, of %d applied", minutes)
                .isLessThanOrEqualTo((int) LONGEST_MEMORY.toMinutes() + 1);
    }
}
