package dev.numberregistry.core.lifecycle;

import static dev.numberregistry.core.state.NumberStatus.ACTIVE;
import static dev.numberregistry.core.state.NumberStatus.AVAILABLE;
import static dev.numberregistry.core.state.NumberStatus.CANCELLED;
import static dev.numberregistry.core.state.NumberStatus.EXPIRED;
import static dev.numberregistry.core.state.NumberStatus.IN_GRACE;
import static dev.numberregistry.core.state.NumberStatus.PORTED_OUT;
import static dev.numberregistry.core.state.NumberStatus.QUARANTINED;
import static dev.numberregistry.core.state.NumberStatus.SUSPENDED;

import dev.numberregistry.core.event.EventLimits;
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
import dev.numberregistry.core.event.EventPayload.SimChanged;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.Decision.Applied;
import dev.numberregistry.core.lifecycle.Decision.Rejected;
import dev.numberregistry.core.policy.LifecyclePolicy;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.Suspension;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The lifecycle of a number as a pure function: (state, event) to a new state and the events it
 * implies, or to a rejection with its reason. It keeps no state of its own and reads no clock:
 * business time ({@link NumberEvent#occurredAt()}) decides every time-dependent rule, so
 * replaying the same events always gives the same states.
 */
public final class Lifecycle {

    /** Suffix of the id of the NumberRecycled the registry implies when grace expires. */
    public static final String RECYCLED_ON_GRACE_EXPIRY = "recycled";

    /**
     * A guard against a lifecycle that keeps implying events from the events it implied: room for
     * the most a tenure's end implies (a clearance per open flag) and the decisions around it.
     */
    public static final int MAX_IMPLIED_PER_EVENT = EventLimits.MAX_OPEN_FLAGS + 16;

    private final PolicyBook policies;

    public Lifecycle(PolicyBook policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    /**
     * Applies one event.
     *
     * @param current the number's state, or null if the registry has never seen the number
     */
    public Decision decide(NumberState current, NumberEvent event) {
        if (current != null && !current.number().equals(event.number())) {
            throw new IllegalArgumentException(
                    "state of " + current.number() + " given for an event about " + event.number());
        }
        Optional<Rejected> refused = WhereEventsApply.refusalOf(current, event);
        if (refused.isPresent()) {
            return refused.get();
        }
        // Only the rules of what a status does not say are left (see WhereEventsApply).
        if (current == null) {
            return firstEvent(event);
        }
        EventPayload payload = event.payload();
        if (payload instanceof NumberReassigned reassigned) {
            return reassign(current, event, reassigned);
        } else if (payload instanceof TopUpMade topUp) {
            return topUp(current, event, topUp);
        } else if (payload instanceof ValidityLapsed) {
            return lapse(current, event);
        } else if (payload instanceof GraceExpired) {
            return expireGrace(current, event);
        } else if (payload instanceof NumberSuspended suspended) {
            return suspend(current, event, suspended);
        } else if (payload instanceof NumberResumed) {
            return resume(current, event);
        } else if (payload instanceof FlagRaised raised) {
            return raiseFlag(current, event, raised);
        } else if (payload instanceof FlagCleared cleared) {
            return clearFlag(current, event, cleared);
        } else if (payload instanceof CancellationRequested) {
            return requestCancellation(current, event);
        } else if (payload instanceof CancellationCompleted) {
            return completeCancellation(current, event);
        } else if (payload instanceof NumberRecycled) {
            return recycle(current, event);
        } else if (payload instanceof QuarantineEnded) {
            return endQuarantine(current, event);
        } else if (payload instanceof NumberRecovered recovered) {
            return recover(current, event, recovered);
        } else if (payload instanceof SimChanged) {
            return changeSim(current, event);
        } else if (payload instanceof PortedOut) {
            return portOut(current, event);
        } else if (payload instanceof PortedIn portedIn) {
            return portIn(current, event, portedIn);
        }
        throw new IllegalStateException("WhereEventsApply lets " + payload.type() + " apply to a number that is "
                + current.status() + ", and no rule takes it there");
    }

    /** A number the registry has never seen, with one of the events that may bring it in. */
    private Decision firstEvent(NumberEvent event) {
        EventPayload payload = event.payload();
        if (payload instanceof NumberAssigned assigned) {
            return firstHeld(event, new Holder(assigned.subscriberRef(), assigned.planType(), event.occurredAt(), 1),
                    assigned.validUntil(), coveredFrom(event));
        } else if (payload instanceof NumberImported imported) {
            return importNumber(event, imported);
        } else if (payload instanceof PortedIn portedIn) {
            // Covered from the holder's tenure start, as the donor knew it.
            return firstHeld(event, new Holder(portedIn.subscriberRef(), portedIn.planType(), portedIn.tenureStart(), 1),
                    portedIn.validUntil(), portedIn.tenureStart());
        }
        throw new IllegalStateException("WhereEventsApply lets " + payload.type()
                + " apply to a number the registry has never seen, and no rule takes it there");
    }

    /**
     * Applies events the registry decides itself (what an applied event implies, what a deadline
     * brings) one after the other, each followed at once by what it implies in its turn, so that
     * no other event can come between. One that is refused, or one past
     * {@link #MAX_IMPLIED_PER_EVENT}, is a defect: given back as such, and the others go on.
     *
     * @param state the state the first decided event applies to
     */
    public List<Consequence> inTurn(NumberState state, List<NumberEvent> decided) {
        Deque<NumberEvent> pending = new ArrayDeque<>(decided);
        List<Consequence> consequences = new ArrayList<>();
        NumberState current = state;
        for (int applied = 0; !pending.isEmpty(); applied++) {
            NumberEvent event = pending.removeFirst();
            if (applied >= MAX_IMPLIED_PER_EVENT) {
                consequences.add(new Consequence.Defect(event, "more than " + MAX_IMPLIED_PER_EVENT
                        + " events implied by one"));
                continue;
            }
            Decision decision = decide(current, event);
            if (decision instanceof Applied next) {
                consequences.add(new Consequence.Followed(event, current, next.state()));
                current = next.state();
                pending.addAll(next.implied());
            } else {
                consequences.add(new Consequence.Defect(event, ((Rejected) decision).reason()));
            }
        }
        return consequences;
    }

    /** A number's first state, held from its first event on: its holder's SIM is new to it then. */
    private static Decision firstHeld(NumberEvent event, Holder holder, Instant validUntil, Instant coveredFrom) {
        return applied(NumberState.newNumber(event.number())
                .status(ACTIVE)
                .holder(holder)
                .validUntil(validUntil)
                .lastSimChangeAt(event.occurredAt())
                .coveredFrom(coveredFrom), event);
    }

    /**
     * The imported truth becomes the number's state as it stands; its deadlines then run like any
     * other's (a number imported in grace recycles at its grace end). The carrier's coverage date
     * is kept as given: it knows the number's past, the registry-wide coverage start does not.
     */
    private Decision importNumber(NumberEvent event, NumberImported imported) {
        return applied(NumberState.newNumber(event.number())
                .status(imported.status())
                .holder(imported.holder())
                .previousHolder(imported.previousHolder())
                .flags(imported.flags())
                .suspension(imported.suspension())
                .validUntil(imported.validUntil())
                .graceEndsAt(imported.graceEndsAt())
                .quarantineEndsAt(imported.quarantineEndsAt())
                .cancellationRequestedAt(imported.cancellationRequestedAt())
                // The holder's tenure began on a new SIM, as an assignment does.
                .lastSimChangeAt(imported.holder() == null ? imported.lastSimChangeAt()
                        : later(imported.lastSimChangeAt(), imported.holder().tenureStart()))
                .coveredFrom(imported.coveredFrom()), event);
    }

    /**
     * A number is covered from its first event; from earlier if the registry has seen every event
     * of every number since a configured start (a number first seen after it had none before).
     */
    private Instant coveredFrom(NumberEvent first) {
        return policies.coverageStart().filter(start -> start.isBefore(first.occurredAt()))
                .orElse(first.occurredAt());
    }

    private Decision reassign(NumberState current, NumberEvent event, NumberReassigned reassigned) {
        if (current.status() == QUARANTINED && event.occurredAt().isBefore(current.quarantineEndsAt())) {
            return reject(RejectionCode.QUARANTINE_NOT_OVER, "the number is in quarantine until "
                    + current.quarantineEndsAt() + " and cannot be reassigned at " + event.occurredAt());
        }
        // An imported number may come without its last holder: the count goes on from what is known.
        int assignment = current.previousHolder() == null ? 1 : current.previousHolder().assignmentNumber() + 1;
        Holder holder = new Holder(reassigned.subscriberRef(), reassigned.planType(), event.occurredAt(), assignment);
        // States written before flags ended with their tenure may still carry the last holder's.
        return applied(current.toBuilder()
                .status(ACTIVE)
                .holder(holder)
                .previousHolder(null)
                .validUntil(reassigned.validUntil())
                .graceEndsAt(null)
                .quarantineEndsAt(null)
                .lastReassignedAt(event.occurredAt())
                .lastSimChangeAt(event.occurredAt()), event, endOfTenure(current, event));
    }

    private Decision topUp(NumberState current, NumberEvent event, TopUpMade topUp) {
        NumberStatus underlying = current.underlyingStatus();
        // A top-up made before the grace end that reaches the registry after the expiry still
        // saves the number, as long as it has not been recycled: business time decides.
        if (underlying == EXPIRED && !event.occurredAt().isBefore(current.graceEndsAt())) {
            return reject(RejectionCode.GRACE_ALREADY_EXPIRED, "the grace period ended at "
                    + current.graceEndsAt() + ", before this top-up at " + event.occurredAt());
        }
        NumberState.Builder next = current.toBuilder()
                .validUntil(later(current.validUntil(), topUp.validUntil()))
                .lastTopUpAt(event.occurredAt());
        if (underlying == IN_GRACE || underlying == EXPIRED) {
            next.graceEndsAt(null);
            if (current.status() == SUSPENDED) {
                next.suspension(current.suspension().resumingTo(ACTIVE));
            } else {
                next.status(ACTIVE);
            }
        }
        return applied(next, event);
    }

    private Decision lapse(NumberState current, NumberEvent event) {
        if (current.holder().planType() != PlanType.PREPAID) {
            return reject(RejectionCode.NOT_PREPAID, "only a prepaid number has a validity that lapses");
        }
        if (current.validUntil() != null && event.occurredAt().isBefore(current.validUntil())) {
            return reject(RejectionCode.VALIDITY_NOT_LAPSED, "the validity runs until " + current.validUntil()
                    + ", after " + event.occurredAt());
        }
        Instant graceStart = current.validUntil() != null ? current.validUntil() : event.occurredAt();
        Instant graceEnd = graceStart.plus(policyOf(current).gracePeriod());
        return applied(current.toBuilder().status(IN_GRACE).graceEndsAt(graceEnd), event);
    }

    private Decision expireGrace(NumberState current, NumberEvent event) {
        if (event.occurredAt().isBefore(current.graceEndsAt())) {
            return reject(RejectionCode.GRACE_NOT_OVER, "the grace period runs until " + current.graceEndsAt()
                    + ", after " + event.occurredAt());
        }
        List<NumberEvent> implied = policyOf(current).recycleOnGraceExpiry()
                ? List.of(event.imply(RECYCLED_ON_GRACE_EXPIRY, new NumberRecycled()))
                : List.of();
        return applied(current.toBuilder().status(EXPIRED), event, implied);
    }

    private Decision suspend(NumberState current, NumberEvent event, NumberSuspended suspended) {
        Suspension suspension = new Suspension(suspended.reason(), event.occurredAt(), current.status());
        return applied(current.toBuilder().status(SUSPENDED).suspension(suspension), event);
    }

    private Decision resume(NumberState current, NumberEvent event) {
        return applied(current.toBuilder().status(current.suspension().resumeTo()).suspension(null), event);
    }

    private Decision raiseFlag(NumberState current, NumberEvent event, FlagRaised raised) {
        if (current.flag(raised.flagId()).isPresent()) {
            return reject(RejectionCode.FLAG_ALREADY_RAISED, "flag " + raised.flagId() + " is already raised");
        }
        if (current.flags().size() >= EventLimits.MAX_OPEN_FLAGS) {
            // Keeps every state far below what a topic accepts, whatever a sender does.
            return reject(RejectionCode.TOO_MANY_FLAGS, "the number has " + current.flags().size()
                    + " open flags, as many as a number may have; clear one first");
        }
        List<Flag> flags = new ArrayList<>(current.flags());
        flags.add(new Flag(raised.flagId(), raised.kind(), raised.severity(), raised.raisedBy(), raised.note(),
                event.occurredAt()));
        return applied(current.toBuilder().flags(flags), event);
    }

    private Decision clearFlag(NumberState current, NumberEvent event, FlagCleared cleared) {
        if (current.flag(cleared.flagId()).isEmpty()) {
            return reject(RejectionCode.FLAG_NOT_FOUND, "no flag " + cleared.flagId() + " is raised");
        }
        List<Flag> flags = current.flags().stream()
                .filter(flag -> !flag.flagId().equals(cleared.flagId()))
                .toList();
        return applied(current.toBuilder().flags(flags), event);
    }

    private Decision requestCancellation(NumberState current, NumberEvent event) {
        if (current.cancellationRequestedAt() != null) {
            return reject(RejectionCode.CANCELLATION_ALREADY_REQUESTED, "a cancellation was already requested at "
                    + current.cancellationRequestedAt());
        }
        if (current.hasArrears()) {
            return arrearsOutstanding();
        }
        return applied(current.toBuilder().cancellationRequestedAt(event.occurredAt()), event);
    }

    private Decision completeCancellation(NumberState current, NumberEvent event) {
        if (current.cancellationRequestedAt() == null) {
            return reject(RejectionCode.NO_CANCELLATION_REQUESTED,
                    "no cancellation was requested for the number (status " + current.status() + ")");
        }
        if (current.hasArrears()) {
            return arrearsOutstanding();
        }
        return applied(holderGone(current, current.holder()).status(CANCELLED), event, endOfTenure(current, event));
    }

    private Decision recycle(NumberState current, NumberEvent event) {
        Holder leaving = current.holder() != null ? current.holder() : current.previousHolder();
        Instant quarantineEnd = event.occurredAt().plus(policyOf(current).quarantinePeriod());
        return applied(holderGone(current, leaving)
                .status(QUARANTINED)
                .validUntil(null)
                .quarantineEndsAt(quarantineEnd)
                .lastRecycledAt(event.occurredAt()), event, endOfTenure(current, event));
    }

    private Decision endQuarantine(NumberState current, NumberEvent event) {
        if (event.occurredAt().isBefore(current.quarantineEndsAt())) {
            return reject(RejectionCode.QUARANTINE_NOT_OVER, "the quarantine runs until "
                    + current.quarantineEndsAt() + ", after " + event.occurredAt());
        }
        return applied(current.toBuilder().status(AVAILABLE).quarantineEndsAt(null), event);
    }

    /** The previous holder takes a recycled number back while nobody else has it: their tenure goes on. */
    private Decision recover(NumberState current, NumberEvent event, NumberRecovered recovered) {
        Holder previous = current.previousHolder();
        if (previous == null) {
            return reject(RejectionCode.NOT_PREVIOUS_HOLDER, "nobody is known to have held the number before "
                    + "(it was imported without its last holder), so nobody can recover it");
        }
        if (!previous.subscriberRef().equals(recovered.subscriberRef())) {
            return reject(RejectionCode.NOT_PREVIOUS_HOLDER,
                    "only the subscriber the number was recycled from may recover it");
        }
        // A prepaid number recovered without a validity has bought none: its validity ends at once,
        // and the holder has the grace period to top up, as after any lapse (never a number that
        // cannot lapse again).
        Instant validUntil = recovered.validUntil() == null && previous.planType() == PlanType.PREPAID
                ? event.occurredAt() : recovered.validUntil();
        return applied(current.toBuilder()
                .status(ACTIVE)
                .holder(previous)
                .previousHolder(null)
                .validUntil(validUntil)
                .quarantineEndsAt(null)
                .lastRecoveredAt(event.occurredAt())
                .lastSimChangeAt(event.occurredAt()), event);
    }

    private Decision changeSim(NumberState current, NumberEvent event) {
        return applied(current.toBuilder().lastSimChangeAt(later(current.lastSimChangeAt(), event.occurredAt())), event);
    }

    /**
     * The holder leaves for another carrier and keeps the number there: nothing is recycled, no
     * clock runs, and the holder is kept as the one a port back continues the tenure of.
     */
    private Decision portOut(NumberState current, NumberEvent event) {
        // Business time decides, as for a top-up: a port-out made before the grace end that arrives
        // after the expiry still takes the number; one made after it cannot.
        if (current.graceEndsAt() != null && !event.occurredAt().isBefore(current.graceEndsAt())) {
            return reject(RejectionCode.GRACE_ALREADY_EXPIRED, "the grace period ended at " + current.graceEndsAt()
                    + ", before this port-out at " + event.occurredAt() + ": the holder's right to the number ended "
                    + "with it, so they cannot take it elsewhere");
        }
        return applied(holderGone(current, current.holder()).status(PORTED_OUT).validUntil(null), event,
                endOfTenure(current, event));
    }

    /**
     * A number that left by port-out comes back from another carrier. The holder who ported it out
     * and back keeps the tenure: no change of hands. Anyone else begins a new one.
     */
    private Decision portIn(NumberState current, NumberEvent event, PortedIn portedIn) {
        if (event.occurredAt().isBefore(current.lastEventAt())) {
            return reject(RejectionCode.NOT_PORTED_OUT, "the number was ported out at " + current.lastEventAt()
                    + ", after this port-in at " + event.occurredAt());
        }
        Holder previous = current.previousHolder();
        boolean returning = previous.subscriberRef().equals(portedIn.subscriberRef());
        // A new holder's tenure cannot have begun while the one who ported the number out still had
        // it (nothing happens to a ported-out number here, so its last event is the port-out).
        Holder holder = returning
                ? new Holder(previous.subscriberRef(), portedIn.planType(), previous.tenureStart(),
                        previous.assignmentNumber())
                : new Holder(portedIn.subscriberRef(), portedIn.planType(),
                        later(portedIn.tenureStart(), current.lastEventAt()), previous.assignmentNumber() + 1);
        NumberState.Builder next = current.toBuilder()
                .status(ACTIVE)
                .holder(holder)
                .previousHolder(null)
                .validUntil(portedIn.validUntil())
                .lastSimChangeAt(event.occurredAt());
        if (!returning) {
            next.lastReassignedAt(event.occurredAt());
        }
        return applied(next, event);
    }

    /**
     * The state once its holder has gone (cancelled, recycled, ported out): kept as the previous
     * holder, the one who may come back, with nothing of their tenure left running.
     */
    private static NumberState.Builder holderGone(NumberState current, Holder leaving) {
        return current.toBuilder()
                .previousHolder(leaving)
                .holder(null)
                .suspension(null)
                .graceEndsAt(null)
                .cancellationRequestedAt(null);
    }

    /**
     * Flags belong to the holder's tenure (see the README): when it ends, the registry clears each,
     * as events of its own, so that the history says who ended them and why, and the next holder
     * starts without them.
     */
    private static List<NumberEvent> endOfTenure(NumberState current, NumberEvent ending) {
        String note = "the holder's tenure ended with " + ending.type();
        return current.flags().stream()
                .map(flag -> ending.imply("tenure-ended/" + flag.flagId(),
                        new FlagCleared(flag.flagId(), FlagClearance.TENURE_ENDED, NumberEvent.REGISTRY_SOURCE, note)))
                .toList();
    }

    private LifecyclePolicy policyOf(NumberState state) {
        Holder holder = state.holder() != null ? state.holder() : state.previousHolder();
        return policies.policyFor(state.number(), holder == null ? null : holder.planType());
    }

    private static Decision applied(NumberState.Builder next, NumberEvent event) {
        return applied(next, event, List.of());
    }

    private static Decision applied(NumberState.Builder next, NumberEvent event, List<NumberEvent> implied) {
        NumberState state = next.build();
        return new Applied(state.toBuilder()
                .appliedEvents(state.appliedEvents() + 1)
                .lastEventId(event.eventId())
                .lastEventAt(event.occurredAt())
                .build(), implied);
    }

    private static Decision reject(RejectionCode code, String reason) {
        return new Rejected(code, reason);
    }

    private static Decision arrearsOutstanding() {
        return reject(RejectionCode.ARREARS_OUTSTANDING,
                "arrears are outstanding; a voluntary cancellation needs them settled first");
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return a.isAfter(b) ? a : b;
    }
}
