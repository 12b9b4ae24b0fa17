package dev.numberregistry.core.event;

import static dev.numberregistry.core.event.EventLimits.optionalIdentifier;
import static dev.numberregistry.core.event.EventLimits.optionalNote;
import static dev.numberregistry.core.event.EventLimits.requireIdentifier;
import static dev.numberregistry.core.event.EventLimits.requireInRange;
import static dev.numberregistry.core.event.InvalidEventException.requirePresent;
import static dev.numberregistry.core.event.InvalidEventException.toMillis;

import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.Suspension;
import dev.numberregistry.core.state.SuspensionReason;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What happened to a number: the registry's whole event vocabulary. */
public sealed interface EventPayload {

    /** The type name used on the wire and in the REST API. */
    default String type() {
        return getClass().getSimpleName();
    }

    /**
     * Checks what the payload tells of times before its event's business time {@code asOf}:
     * nothing can have begun after it.
     *
     * @throws InvalidEventException naming the field that does not hold
     */
    default void requireKnownBy(Instant asOf) {
    }

    /** The number is given to a subscriber for the first time. */
    record NumberAssigned(String subscriberRef, PlanType planType, Instant validUntil) implements EventPayload {
        public NumberAssigned {
            requireIdentifier(subscriberRef, "subscriberRef");
            requirePresent(planType, "planType");
            validUntil = toMillis(requireInRange(validUntil, "validUntil"));
        }
    }

    /** A number that had a holder before is given to a new subscriber. */
    record NumberReassigned(String subscriberRef, PlanType planType, Instant validUntil) implements EventPayload {
        public NumberReassigned {
            requireIdentifier(subscriberRef, "subscriberRef");
            requirePresent(planType, "planType");
            validUntil = toMillis(requireInRange(validUntil, "validUntil"));
        }
    }

    /** A prepaid balance was topped up; the validity now ends at {@code validUntil}. */
    record TopUpMade(long amountMinorUnits, String currency, Instant validUntil) implements EventPayload {
        private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

        public TopUpMade {
            if (amountMinorUnits < 0) {
                throw new InvalidEventException("amountMinorUnits must not be negative");
            }
            if (currency == null || !ISO_4217.matcher(currency).matches()) {
                throw new InvalidEventException("currency must be an ISO 4217 code such as EUR");
            }
            validUntil = toMillis(requireInRange(requirePresent(validUntil, "validUntil"), "validUntil"));
        }
    }

    /** The prepaid validity ran out: the grace period begins. */
    record ValidityLapsed() implements EventPayload {
    }

    /** The grace period ran out without a top-up. */
    record GraceExpired() implements EventPayload {
    }

    record NumberSuspended(SuspensionReason reason, String note) implements EventPayload {
        public NumberSuspended {
            requirePresent(reason, "reason");
            optionalNote(note, "note");
        }
    }

    record NumberResumed() implements EventPayload {
    }

    record FlagRaised(String flagId, FlagKind kind, FlagSeverity severity, String raisedBy, String note)
            implements EventPayload {
        public FlagRaised {
            requireIdentifier(flagId, "flagId");
            requirePresent(kind, "kind");
            requirePresent(severity, "severity");
            requireIdentifier(raisedBy, "raisedBy");
            optionalNote(note, "note");
        }
    }

    record FlagCleared(String flagId, FlagClearance reason, String clearedBy, String note) implements EventPayload {
        public FlagCleared {
            requireIdentifier(flagId, "flagId");
            requirePresent(reason, "reason");
            requireIdentifier(clearedBy, "clearedBy");
            optionalNote(note, "note");
        }
    }

    record CancellationRequested() implements EventPayload {
    }

    record CancellationCompleted() implements EventPayload {
    }

    /** The number returns to the carrier and enters quarantine (the ageing period). */
    record NumberRecycled() implements EventPayload {
    }

    /** The ageing period is over: the number may be given to someone else. */
    record QuarantineEnded() implements EventPayload {
    }

    /** The number now works on another SIM card (a SIM swap). */
    record SimChanged(String note) implements EventPayload {
        public SimChanged {
            optionalNote(note, "note");
        }
    }

    /**
     * A number the carrier already had when it switched the registry on: its whole present truth as
     * of the event's business time, which the lifecycle takes as the number's first state. The
     * fields mean what they mean in a number's state; which of them a status needs is checked here,
     * so that an imported state is one the lifecycle could have reached.
     *
     * @param status      the number's status; SUSPENDED with a {@code suspension} saying what it resumes to
     * @param holder      who holds the number, required exactly when the status is held
     * @param previousHolder for a number nobody holds: who held it last (the one who may recover it), if known
     * @param coveredFrom from when the carrier's knowledge of the number is complete: the registry
     *                    answers for no earlier day
     */
    record NumberImported(NumberStatus status, Holder holder, Holder previousHolder, Instant validUntil,
                          Instant graceEndsAt, Instant quarantineEndsAt, Suspension suspension, List<Flag> flags,
                          Instant cancellationRequestedAt, Instant lastSimChangeAt, Instant coveredFrom)
            implements EventPayload {

        public NumberImported {
            requirePresent(status, "status");
            flags = flags == null ? List.of() : List.copyOf(flags);
            holder = checked(holder, "holder");
            previousHolder = checked(previousHolder, "previousHolder");
            validUntil = toMillis(requireInRange(validUntil, "validUntil"));
            graceEndsAt = toMillis(requireInRange(graceEndsAt, "graceEndsAt"));
            quarantineEndsAt = toMillis(requireInRange(quarantineEndsAt, "quarantineEndsAt"));
            suspension = checked(suspension);
            flags = flags.stream().map(NumberImported::checked).toList();
            cancellationRequestedAt = toMillis(requireInRange(cancellationRequestedAt, "cancellationRequestedAt"));
            lastSimChangeAt = toMillis(requireInRange(lastSimChangeAt, "lastSimChangeAt"));
            coveredFrom = toMillis(requireInRange(requirePresent(coveredFrom, "coveredFrom"), "coveredFrom"));
            requireConsistent(status, holder, previousHolder, validUntil, graceEndsAt, quarantineEndsAt, suspension,
                    flags, cancellationRequestedAt);
        }

        /** The status the number has under a suspension, or its status if it is not suspended. */
        public NumberStatus underlyingStatus() {
            return Suspension.underlying(status, suspension);
        }

        /**
         * The import is the truth as of {@code asOf}: nothing in it may have begun later, and what its
         * status says has ended (a validity lapsed into grace, a grace expired) ended by then.
         *
         * @throws InvalidEventException naming the first field that does not hold as of {@code asOf}
         */
        @Override
        public void requireKnownBy(Instant asOf) {
            NumberStatus underlying = underlyingStatus();
            if ((underlying == NumberStatus.IN_GRACE || underlying == NumberStatus.EXPIRED) && validUntil != null
                    && validUntil.isAfter(asOf)) {
                throw new InvalidEventException("validUntil " + validUntil + " is after occurredAt " + asOf
                        + ", but a number that is " + underlying + " has lapsed");
            }
            if (underlying == NumberStatus.EXPIRED && graceEndsAt.isAfter(asOf)) {
                throw new InvalidEventException("graceEndsAt " + graceEndsAt + " is after occurredAt " + asOf
                        + ", but the grace of an EXPIRED number is over; a number still in grace is IN_GRACE");
            }
            requireNotAfter("coveredFrom", coveredFrom, asOf);
            if (holder != null) {
                requireNotAfter("holder.tenureStart", holder.tenureStart(), asOf);
            }
            if (previousHolder != null) {
                requireNotAfter("previousHolder.tenureStart", previousHolder.tenureStart(), asOf);
            }
            if (suspension != null) {
                requireNotAfter("suspension.since", suspension.since(), asOf);
            }
            if (cancellationRequestedAt != null) {
                requireNotAfter("cancellationRequestedAt", cancellationRequestedAt, asOf);
            }
            if (lastSimChangeAt != null) {
                requireNotAfter("lastSimChangeAt", lastSimChangeAt, asOf);
            }
            for (Flag flag : flags) {
                requireNotAfter("raisedAt of flag " + flag.flagId(), flag.raisedAt(), asOf);
            }
        }

        private static void requireNotAfter(String field, Instant at, Instant asOf) {
            if (at.isAfter(asOf)) {
                throw new InvalidEventException(field + " " + at + " is after occurredAt " + asOf
                        + ", the time the import tells the truth of");
            }
        }

        private static Holder checked(Holder holder, String field) {
            if (holder == null) {
                return null;
            }
            requireIdentifier(holder.subscriberRef(), field + ".subscriberRef");
            requirePresent(holder.planType(), field + ".planType");
            Instant tenureStart = requirePresent(holder.tenureStart(), field + ".tenureStart");
            if (holder.assignmentNumber() < 1) {
                throw new InvalidEventException(field + ".assignmentNumber must be 1 or more: 1 for the first "
                        + "holder the carrier knows of");
            }
            return new Holder(holder.subscriberRef(), holder.planType(),
                    toMillis(requireInRange(tenureStart, field + ".tenureStart")), holder.assignmentNumber());
        }

        private static Suspension checked(Suspension suspension) {
            if (suspension == null) {
                return null;
            }
            requirePresent(suspension.reason(), "suspension.reason");
            Instant since = requirePresent(suspension.since(), "suspension.since");
            NumberStatus resumeTo = requirePresent(suspension.resumeTo(), "suspension.resumeTo");
            if (resumeTo == NumberStatus.SUSPENDED || !resumeTo.isHeld()) {
                throw new InvalidEventException("suspension.resumeTo must be ACTIVE, IN_GRACE or EXPIRED, not "
                        + resumeTo);
            }
            return new Suspension(suspension.reason(), toMillis(requireInRange(since, "suspension.since")), resumeTo);
        }

        private static Flag checked(Flag flag) {
            requirePresent(flag, "flags[]");
            requireIdentifier(flag.flagId(), "flags[].flagId");
            requirePresent(flag.kind(), "flags[].kind");
            requirePresent(flag.severity(), "flags[].severity");
            requireIdentifier(flag.raisedBy(), "flags[].raisedBy");
            optionalNote(flag.note(), "flags[].note");
            Instant raisedAt = requirePresent(flag.raisedAt(), "flags[].raisedAt");
            return new Flag(flag.flagId(), flag.kind(), flag.severity(), flag.raisedBy(), flag.note(),
                    toMillis(requireInRange(raisedAt, "flags[].raisedAt")));
        }

        private static void requireConsistent(NumberStatus status, Holder holder, Holder previousHolder,
                                              Instant validUntil, Instant graceEndsAt, Instant quarantineEndsAt,
                                              Suspension suspension, List<Flag> flags,
                                              Instant cancellationRequestedAt) {
            if ((status == NumberStatus.SUSPENDED) != (suspension != null)) {
                throw new InvalidEventException(status == NumberStatus.SUSPENDED
                        ? "a SUSPENDED number needs its suspension (reason, since, resumeTo)"
                        : "only a SUSPENDED number has a suspension; this one is " + status);
            }
            if (status == NumberStatus.PORTED_OUT) {
                throw new InvalidEventException("a number ported out is served by another carrier: it is not imported");
            }
            NumberStatus underlying = Suspension.underlying(status, suspension);
            if (status.isHeld()) {
                if (holder == null) {
                    throw new InvalidEventException("a number that is " + status + " has a holder: holder is required");
                }
                if (previousHolder != null) {
                    throw new InvalidEventException("previousHolder is for a number nobody holds; this one is " + status);
                }
            } else {
                if (holder != null) {
                    throw new InvalidEventException("nobody holds a number that is " + status
                            + ": give its last holder as previousHolder");
                }
                if (validUntil != null) {
                    throw new InvalidEventException("validUntil is for a held number; this one is " + status);
                }
                if (!flags.isEmpty()) {
                    throw new InvalidEventException("flags belong to a holder's tenure; nobody holds a number that is "
                            + status);
                }
                // Only a held number has one pending (an EXPIRED one too: one asked for in grace stays).
                if (cancellationRequestedAt != null) {
                    throw new InvalidEventException("cancellationRequestedAt is for a held number whose cancellation "
                            + "is pending; this one is " + status);
                }
            }
            boolean graceKnown = underlying == NumberStatus.IN_GRACE || underlying == NumberStatus.EXPIRED;
            if (graceKnown != (graceEndsAt != null)) {
                throw new InvalidEventException(graceKnown
                        ? "a number that is " + underlying + " needs graceEndsAt"
                        : "graceEndsAt is for a number in grace or expired; this one is " + underlying);
            }
            if (graceKnown && holder.planType() != PlanType.PREPAID) {
                throw new InvalidEventException("only a prepaid number has a grace period; this one's plan is "
                        + holder.planType());
            }
            if ((status == NumberStatus.QUARANTINED) != (quarantineEndsAt != null)) {
                throw new InvalidEventException(status == NumberStatus.QUARANTINED
                        ? "a QUARANTINED number needs quarantineEndsAt"
                        : "quarantineEndsAt is for a QUARANTINED number; this one is " + status);
            }
            if (flags.size() > EventLimits.MAX_OPEN_FLAGS) {
                throw new InvalidEventException("a number has at most " + EventLimits.MAX_OPEN_FLAGS
                        + " open flags, not " + flags.size());
            }
            Set<String> flagIds = new HashSet<>();
            for (Flag flag : flags) {
                if (!flagIds.add(flag.flagId())) {
                    throw new InvalidEventException("flag " + flag.flagId() + " is given twice");
                }
            }
        }
    }

    /**
     * The previous holder takes a recycled number back before anyone else got it.
     *
     * @param validUntil the validity the recovery gives back (the top-up that came with it); a
     *                   prepaid number recovered without one lapses at once into its grace period
     */
    record NumberRecovered(String subscriberRef, Instant validUntil) implements EventPayload {
        public NumberRecovered {
            requireIdentifier(subscriberRef, "subscriberRef");
            validUntil = toMillis(requireInRange(validUntil, "validUntil"));
        }
    }

    /**
     * The holder keeps the number at another carrier (a port-out): it has not changed hands.
     *
     * @param recipient the carrier it went to, if known
     */
    record PortedOut(String recipient) implements EventPayload {
        public PortedOut {
            optionalIdentifier(recipient, "recipient");
        }
    }

    /**
     * The number arrives from another carrier (a port-in) with its holder.
     *
     * @param tenureStart when this holder's tenure began, at the donor perhaps: it may lie before
     *                    the registry saw the number, never after the port-in
     * @param donor       the carrier it came from, if known
     */
    record PortedIn(String subscriberRef, PlanType planType, Instant tenureStart, Instant validUntil, String donor)
            implements EventPayload {
        public PortedIn {
            requireIdentifier(subscriberRef, "subscriberRef");
            requirePresent(planType, "planType");
            tenureStart = toMillis(requireInRange(requirePresent(tenureStart, "tenureStart"), "tenureStart"));
            validUntil = toMillis(requireInRange(validUntil, "validUntil"));
            optionalIdentifier(donor, "donor");
        }

        @Override
        public void requireKnownBy(Instant asOf) {
            if (tenureStart.isAfter(asOf)) {
                throw new InvalidEventException("tenureStart " + tenureStart + " is after occurredAt " + asOf
                        + ": a tenure cannot begin after the port-in that brings it");
            }
        }
    }
}
