package dev.numberregistry.core.event;

import static dev.numberregistry.core.event.EventLimits.optionalNote;
import static dev.numberregistry.core.event.EventLimits.requireIdentifier;
import static dev.numberregistry.core.event.EventLimits.requireInRange;
import static dev.numberregistry.core.event.InvalidEventException.requirePresent;
import static dev.numberregistry.core.event.InvalidEventException.toMillis;

import java.time.Instant;
import java.util.regex.Pattern;

/** What happened to a number: the registry's whole event vocabulary. */
public sealed interface EventPayload {

    /** The type name used on the wire and in the REST API. */
    default String type() {
        return getClass().getSimpleName();
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

    /** The previous holder takes a recycled number back before anyone else got it. */
    record NumberRecovered(String subscriberRef) implements EventPayload {
        public NumberRecovered {
            requireIdentifier(subscriberRef, "subscriberRef");
        }
    }
}
