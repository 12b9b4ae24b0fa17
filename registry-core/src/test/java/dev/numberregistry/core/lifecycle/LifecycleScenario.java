package dev.numberregistry.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.NumberState;
import java.time.Duration;
import java.time.Instant;

/**
 * Given some events, when one more arrives, then expect a state or a rejection. Time is counted
 * in days from a fixed start so that every scenario reads like a calendar.
 */
public final class LifecycleScenario {

    public static final PhoneNumber NUMBER = PhoneNumber.parse("+14155552671");
    public static final Instant DAY_ZERO = Instant.parse("2026-01-01T00:00:00Z");

    private final Lifecycle lifecycle;
    private NumberState state;
    private Decision decision;
    private int nextId = 1;
    private int nextGivenDay = 0;

    private LifecycleScenario(PolicyBook policies) {
        this.lifecycle = new Lifecycle(policies);
    }

    public static LifecycleScenario scenario() {
        return new LifecycleScenario(PolicyBook.defaults());
    }

    public static LifecycleScenario scenario(PolicyBook policies) {
        return new LifecycleScenario(policies);
    }

    public static Instant day(int day) {
        return DAY_ZERO.plus(Duration.ofDays(day));
    }

    /** Applies the payloads in order, one a day from day 0; each must be applied. */
    public LifecycleScenario given(EventPayload... payloads) {
        for (EventPayload payload : payloads) {
            givenOn(nextGivenDay, payload);
        }
        return this;
    }

    /** Applies one payload happening on the given day; it must be applied. */
    public LifecycleScenario givenOn(int day, EventPayload payload) {
        nextGivenDay = day + 1;
        Decision given = lifecycle.decide(state, event(day, payload));
        if (given instanceof Decision.Rejected rejected) {
            fail("given event " + payload.type() + " was rejected: " + rejected.code() + " " + rejected.reason());
        }
        state = ((Decision.Applied) given).state();
        return this;
    }

    public LifecycleScenario whenOn(int day, EventPayload payload) {
        return when(event(day, payload));
    }

    public LifecycleScenario when(NumberEvent event) {
        decision = lifecycle.decide(state, event);
        return this;
    }

    public NumberState thenState() {
        assertThat(decision).as("decision").isInstanceOf(Decision.Applied.class);
        return ((Decision.Applied) decision).state();
    }

    public Decision.Applied thenApplied() {
        assertThat(decision).as("decision").isInstanceOf(Decision.Applied.class);
        return (Decision.Applied) decision;
    }

    public Decision.Rejected thenRejected(RejectionCode code) {
        assertThat(decision).as("decision").isInstanceOf(Decision.Rejected.class);
        Decision.Rejected rejected = (Decision.Rejected) decision;
        assertThat(rejected.code()).isEqualTo(code);
        assertThat(rejected.reason()).isNotBlank();
        return rejected;
    }

    /** The state before the {@code when} event: a rejection must leave it exactly as it was. */
    public NumberState stateBefore() {
        return state;
    }

    public NumberEvent event(int day, EventPayload payload) {
        return new NumberEvent("e-" + nextId++, NUMBER, day(day), day(day), "billing", payload);
    }
}
