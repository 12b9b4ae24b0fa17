package dev.numberregistry.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.FlagCleared;
import dev.numberregistry.core.event.EventPayload.FlagRaised;
import dev.numberregistry.core.event.EventPayload.GraceExpired;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberImported;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.NumberRecovered;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.NumberResumed;
import dev.numberregistry.core.event.EventPayload.NumberSuspended;
import dev.numberregistry.core.event.EventPayload.PortedIn;
import dev.numberregistry.core.event.EventPayload.PortedOut;
import dev.numberregistry.core.event.EventPayload.QuarantineEnded;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/** Invariants that hold after any sequence of events, however unlikely. */
class LifecycleProperties {

    private static final PhoneNumber NUMBER = PhoneNumber.parse("+919876543210");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final Lifecycle lifecycle = new Lifecycle(PolicyBook.defaults());

    @Property(tries = 2000)
    @StatisticsReport(label = "statuses reached", format = Histogram.class)
    void everyStateOfAnyHistoryIsConsistent(@ForAll("histories") List<NumberEvent> history) {
        NumberState state = null;
        long applied = 0;
        for (NumberEvent event : history) {
            Decision decision = lifecycle.decide(state, event);
            if (decision instanceof Decision.Applied next) {
                checkTransition(state, event, next.state());
                // What the event implies is applied at once, as the registry does; then the state holds.
                String lastEventId = event.eventId();
                Deque<NumberEvent> implied = new ArrayDeque<>(next.implied());
                state = next.state();
                applied++;
                while (!implied.isEmpty()) {
                    NumberEvent decided = implied.removeFirst();
                    Decision.Applied then = (Decision.Applied) lifecycle.decide(state, decided);
                    state = then.state();
                    implied.addAll(then.implied());
                    lastEventId = decided.eventId();
                    applied++;
                }
                assertConsistent(state);
                assertThat(state.appliedEvents()).isEqualTo(applied);
                assertThat(state.lastEventId()).isEqualTo(lastEventId);
                Statistics.label("statuses reached").collect(state.status());
            } else {
                assertThat(((Decision.Rejected) decision).reason()).isNotBlank();
            }
        }
    }

    /** The generator is only worth something if random histories reach every status. */
    @Property(tries = 2000)
    void randomHistoriesReachEveryStatus(@ForAll("histories") List<NumberEvent> history) {
        NumberState state = null;
        for (NumberEvent event : history) {
            if (lifecycle.decide(state, event) instanceof Decision.Applied applied) {
                state = applied.state();
                Statistics.label("status").collect(state.status());
            }
        }
        Statistics.label("status").coverage(coverage -> {
            for (NumberStatus status : NumberStatus.values()) {
                coverage.check(status).count(count -> count > 0);
            }
        });
    }

    /**
     * A replay of the log (another instance, a restart, a rebuild) must decide exactly what the
     * first pass decided: the same states, and the same implied events with the same ids, which
     * is how the logged copies of the registry's decisions are recognised as duplicates. An id or
     * a time taken from anywhere but the events (a random id, the clock) breaks this.
     */
    @Property(tries = 500)
    void replayingAHistoryDecidesTheSameEventsAndStates(@ForAll("histories") List<NumberEvent> history) {
        assertThat(decisions(new Lifecycle(PolicyBook.defaults()), history))
                .isEqualTo(decisions(new Lifecycle(PolicyBook.defaults()), history));
    }

    /** Every state and every implied event a pass over the history produces, in order. */
    private static List<Object> decisions(Lifecycle lifecycle, List<NumberEvent> history) {
        List<Object> decided = new ArrayList<>();
        NumberState state = null;
        for (NumberEvent event : history) {
            if (lifecycle.decide(state, event) instanceof Decision.Applied applied) {
                Deque<NumberEvent> pending = new ArrayDeque<>(applied.implied());
                state = applied.state();
                decided.add(state);
                while (!pending.isEmpty()) {
                    NumberEvent implied = pending.removeFirst();
                    Decision.Applied then = (Decision.Applied) lifecycle.decide(state, implied);
                    decided.add(implied);
                    state = then.state();
                    decided.add(state);
                    pending.addAll(then.implied());
                }
            }
        }
        return decided;
    }

    /**
     * A carrier that imports a number as it stands, instead of sending its whole past, gets a
     * number that lives on exactly as the original would: every later event is applied or refused
     * alike, to the same holder, status, ends, flags and suspension.
     */
    @Property(tries = 1000)
    void anImportedStateLivesOnAsTheOriginalWould(@ForAll("histories") List<NumberEvent> history,
                                                  @ForAll @IntRange(min = 1, max = 40) int cut) {
        List<NumberEvent> past = history.subList(0, Math.min(cut, history.size()));
        List<NumberEvent> future = history.subList(past.size(), history.size());
        NumberState original = fold(past);
        // A number ported out is served by another carrier: nobody imports it.
        Assume.that(original != null && original.status() != NumberStatus.PORTED_OUT);
        NumberEvent imported = new NumberEvent("import", NUMBER, original.lastEventAt(), original.lastEventAt(),
                "billing", importOf(original, START));
        NumberState copy = ((Decision.Applied) lifecycle.decide(null, imported)).state();

        assertThat(lifecycleView(copy)).isEqualTo(lifecycleView(original));
        for (NumberEvent event : future) {
            Decision fromOriginal = lifecycle.decide(original, event);
            Decision fromCopy = lifecycle.decide(copy, event);
            assertThat(fromCopy.getClass()).as("%s decided alike", event.type()).isEqualTo(fromOriginal.getClass());
            if (fromOriginal instanceof Decision.Applied applied) {
                original = withImplied(applied);
                copy = withImplied((Decision.Applied) fromCopy);
                assertThat(lifecycleView(copy)).as("after %s", event.type()).isEqualTo(lifecycleView(original));
            }
        }
    }

    /** What a carrier knows of a number today, as an import. */
    static NumberImported importOf(NumberState state, Instant coveredFrom) {
        return new NumberImported(state.status(), state.holder(), state.status().isHeld() ? null : state.previousHolder(),
                state.status().isHeld() ? state.validUntil() : null, state.graceEndsAt(), state.quarantineEndsAt(),
                state.suspension(), state.flags(), state.cancellationRequestedAt(), state.lastSimChangeAt(), coveredFrom);
    }

    /** The part of a state that decides what happens next (not its bookkeeping of past events). */
    private static List<Object> lifecycleView(NumberState state) {
        return Arrays.asList(state.status(), state.holder(), state.previousHolder(), state.flags(), state.suspension(),
                state.status().isHeld() ? state.validUntil() : null, state.graceEndsAt(), state.quarantineEndsAt(),
                state.cancellationRequestedAt(), state.lastSimChangeAt());
    }

    private NumberState fold(List<NumberEvent> history) {
        NumberState state = null;
        for (NumberEvent event : history) {
            if (lifecycle.decide(state, event) instanceof Decision.Applied applied) {
                state = withImplied(applied);
            }
        }
        return state;
    }

    /** The state once what the decision implies is applied too, as the registry applies it. */
    private NumberState withImplied(Decision.Applied applied) {
        NumberState state = applied.state();
        Deque<NumberEvent> implied = new ArrayDeque<>(applied.implied());
        while (!implied.isEmpty()) {
            Decision.Applied then = (Decision.Applied) lifecycle.decide(state, implied.removeFirst());
            state = then.state();
            implied.addAll(then.implied());
        }
        return state;
    }

    /** The rules that relate one state to the next. */
    private static void checkTransition(NumberState before, NumberEvent event, NumberState after) {
        if (before == null) {
            assertThat(event.payload()).isInstanceOfAny(NumberAssigned.class, PortedIn.class);
            return;
        }
        EventPayload payload = event.payload();
        boolean holderMayChange = payload instanceof NumberReassigned || payload instanceof NumberRecovered
                || payload instanceof CancellationCompleted || payload instanceof NumberRecycled
                || payload instanceof PortedOut || payload instanceof PortedIn;
        if (!holderMayChange) {
            assertThat(after.holder()).as("holder after %s", event.type()).isEqualTo(before.holder());
        }
        if (payload instanceof NumberReassigned) {
            assertThat(event.occurredAt()).as("reassigned before the quarantine ended")
                    .isAfterOrEqualTo(before.quarantineEndsAt() == null ? Instant.MIN : before.quarantineEndsAt());
            assertThat(after.holder().assignmentNumber()).isEqualTo(before.previousHolder().assignmentNumber() + 1);
        }
        if (payload instanceof NumberRecovered recovered) {
            assertThat(after.holder()).isEqualTo(before.previousHolder());
            assertThat(after.holder().subscriberRef()).isEqualTo(recovered.subscriberRef());
        }
        if (payload instanceof CancellationCompleted) {
            assertThat(before.hasArrears()).as("cancelled with arrears outstanding").isFalse();
        }
    }

    private static void assertConsistent(NumberState state) {
        NumberStatus status = state.status();
        assertThat(state.holder() != null).as("held iff a holder in %s", status).isEqualTo(status.isHeld());
        assertThat(state.suspension() != null).as("suspension iff SUSPENDED").isEqualTo(status == NumberStatus.SUSPENDED);
        if (status == NumberStatus.IN_GRACE || status == NumberStatus.EXPIRED) {
            assertThat(state.graceEndsAt()).as("grace end in %s", status).isNotNull();
        }
        if (status == NumberStatus.QUARANTINED) {
            assertThat(state.quarantineEndsAt()).isNotNull();
        }
        if (status == NumberStatus.QUARANTINED || status == NumberStatus.AVAILABLE || status == NumberStatus.CANCELLED
                || status == NumberStatus.PORTED_OUT) {
            assertThat(state.previousHolder()).as("who may recover it, in %s", status).isNotNull();
        }
        if (!status.isHeld()) {
            assertThat(state.flags()).as("flags belong to a tenure; none is under way in %s", status).isEmpty();
        }
        if (status == NumberStatus.ACTIVE && state.lastRecoveredAt() != null
                && state.lastRecoveredAt().equals(state.lastEventAt()) && state.holder().planType() == PlanType.PREPAID) {
            assertThat(state.validUntil()).as("a prepaid number just recovered can lapse again").isNotNull();
        }
        assertThat(state.flags()).extracting(Flag::flagId).doesNotHaveDuplicates();
    }

    @Provide
    Arbitrary<List<NumberEvent>> histories() {
        Arbitrary<Integer> dayGaps = Arbitraries.integers().between(0, 60);
        Arbitrary<EventPayload> payloads = payloads();
        return Combinators.combine(payloads, dayGaps).as(Step::new).list().ofMinSize(1).ofMaxSize(40)
                .map(LifecycleProperties::toEvents);
    }

    private record Step(EventPayload payload, int dayGap) {
    }

    private static List<NumberEvent> toEvents(List<Step> steps) {
        List<NumberEvent> events = new ArrayList<>();
        Instant at = START;
        for (Step step : steps) {
            at = at.plus(Duration.ofDays(step.dayGap()));
            events.add(new NumberEvent("e-" + events.size(), NUMBER, at, at, "billing", step.payload()));
        }
        return events;
    }

    private static Arbitrary<EventPayload> payloads() {
        Arbitrary<String> subscribers = Arbitraries.of("alice", "bob", "carol");
        Arbitrary<String> flagIds = Arbitraries.of("f1", "f2");
        Arbitrary<PlanType> plans = Arbitraries.of(PlanType.class);
        Arbitrary<Instant> validities = Arbitraries.integers().between(0, 400).map(d -> START.plus(Duration.ofDays(d)));
        return Arbitraries.oneOf(List.of(
                Combinators.combine(subscribers, plans, validities).as(NumberAssigned::new),
                Combinators.combine(subscribers, plans, validities).as(NumberReassigned::new),
                validities.map(until -> new TopUpMade(500, "INR", until)),
                Arbitraries.just(new ValidityLapsed()),
                Arbitraries.just(new GraceExpired()),
                Arbitraries.of(SuspensionReason.class).map(reason -> new NumberSuspended(reason, null)),
                Arbitraries.just(new NumberResumed()),
                Combinators.combine(flagIds, Arbitraries.of(FlagKind.class))
                        .as((id, kind) -> new FlagRaised(id, kind, FlagSeverity.MEDIUM, "risk", null)),
                flagIds.map(id -> new FlagCleared(id, FlagClearance.MISJUDGED, "ops", null)),
                Arbitraries.just(new CancellationRequested()),
                Arbitraries.just(new CancellationCompleted()),
                Arbitraries.just(new NumberRecycled()),
                Arbitraries.just(new QuarantineEnded()),
                Combinators.combine(subscribers, validities.injectNull(0.3)).as(NumberRecovered::new),
                Arbitraries.just(new PortedOut(null)),
                Combinators.combine(subscribers, plans, Arbitraries.integers().between(0, 3000),
                        validities.injectNull(0.3))
                        .as((who, plan, yearsBack, until) -> new PortedIn(who, plan,
                                START.minus(Duration.ofDays(yearsBack)), until, null)),
                Arbitraries.just(new EventPayload.SimChanged(null))));
    }
}
