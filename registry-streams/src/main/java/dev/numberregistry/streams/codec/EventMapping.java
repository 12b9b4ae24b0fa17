package dev.numberregistry.streams.codec;

import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.SuspensionReason;
import dev.numberregistry.schema.CancellationCompleted;
import dev.numberregistry.schema.CancellationRequested;
import dev.numberregistry.schema.FlagCleared;
import dev.numberregistry.schema.FlagRaised;
import dev.numberregistry.schema.GraceExpired;
import dev.numberregistry.schema.NumberAssigned;
import dev.numberregistry.schema.NumberImported;
import dev.numberregistry.schema.NumberReassigned;
import dev.numberregistry.schema.NumberRecovered;
import dev.numberregistry.schema.NumberRecycled;
import dev.numberregistry.schema.NumberResumed;
import dev.numberregistry.schema.NumberSuspended;
import dev.numberregistry.schema.PortedIn;
import dev.numberregistry.schema.PortedOut;
import dev.numberregistry.schema.QuarantineEnded;
import dev.numberregistry.schema.SimChanged;
import dev.numberregistry.schema.TopUpMade;
import dev.numberregistry.schema.ValidityLapsed;

/** Translates events between the Avro wire records and the domain's event types. */
public final class EventMapping {

    private EventMapping() {
    }

    /**
     * @throws dev.numberregistry.core.number.InvalidPhoneNumberException if the number is not valid
     * @throws InvalidEventException                                      if a field breaks a rule of the event
     */
    public static NumberEvent toDomain(dev.numberregistry.schema.NumberEvent wire) {
        return new NumberEvent(wire.getEventId(), PhoneNumber.parse(wire.getNumber()), wire.getOccurredAt(),
                wire.getRecordedAt(), wire.getSource(), payloadToDomain(wire.getPayload()));
    }

    public static dev.numberregistry.schema.NumberEvent toWire(NumberEvent event) {
        return new dev.numberregistry.schema.NumberEvent(event.eventId(), event.number().e164(),
                event.occurredAt(), event.recordedAt(), event.source(), payloadToWire(event.payload()));
    }

    /** The type name of a wire payload, for rejections of events the domain could not read. */
    public static String typeOf(dev.numberregistry.schema.NumberEvent wire) {
        return wire.getPayload() == null ? null : wire.getPayload().getClass().getSimpleName();
    }

    private static EventPayload payloadToDomain(Object payload) {
        if (payload instanceof NumberAssigned p) {
            return new EventPayload.NumberAssigned(p.getSubscriberRef(), plan(p.getPlanType()), p.getValidUntil());
        } else if (payload instanceof NumberReassigned p) {
            return new EventPayload.NumberReassigned(p.getSubscriberRef(), plan(p.getPlanType()), p.getValidUntil());
        } else if (payload instanceof TopUpMade p) {
            return new EventPayload.TopUpMade(p.getAmountMinorUnits(), p.getCurrency(), p.getValidUntil());
        } else if (payload instanceof ValidityLapsed) {
            return new EventPayload.ValidityLapsed();
        } else if (payload instanceof GraceExpired) {
            return new EventPayload.GraceExpired();
        } else if (payload instanceof NumberSuspended p) {
            return new EventPayload.NumberSuspended(SuspensionReason.valueOf(p.getReason().name()), p.getNote());
        } else if (payload instanceof NumberResumed) {
            return new EventPayload.NumberResumed();
        } else if (payload instanceof FlagRaised p) {
            return new EventPayload.FlagRaised(p.getFlagId(), FlagKind.valueOf(p.getKind().name()),
                    FlagSeverity.valueOf(p.getSeverity().name()), p.getRaisedBy(), p.getNote());
        } else if (payload instanceof FlagCleared p) {
            return new EventPayload.FlagCleared(p.getFlagId(), FlagClearance.valueOf(p.getReason().name()),
                    p.getClearedBy(), p.getNote());
        } else if (payload instanceof CancellationRequested) {
            return new EventPayload.CancellationRequested();
        } else if (payload instanceof CancellationCompleted) {
            return new EventPayload.CancellationCompleted();
        } else if (payload instanceof NumberRecycled) {
            return new EventPayload.NumberRecycled();
        } else if (payload instanceof QuarantineEnded) {
            return new EventPayload.QuarantineEnded();
        } else if (payload instanceof NumberRecovered p) {
            return new EventPayload.NumberRecovered(p.getSubscriberRef(), p.getValidUntil());
        } else if (payload instanceof SimChanged p) {
            return new EventPayload.SimChanged(p.getNote());
        } else if (payload instanceof NumberImported p) {
            return new EventPayload.NumberImported(NumberStatus.valueOf(p.getStatus().name()),
                    StateMapping.holder(p.getHolder()), StateMapping.holder(p.getPreviousHolder()), p.getValidUntil(),
                    p.getGraceEndsAt(), p.getQuarantineEndsAt(), StateMapping.suspension(p.getSuspension()),
                    p.getFlags().stream().map(StateMapping::flag).toList(), p.getCancellationRequestedAt(),
                    p.getLastSimChangeAt(), p.getCoveredFrom());
        } else if (payload instanceof PortedOut p) {
            return new EventPayload.PortedOut(p.getRecipient());
        } else if (payload instanceof PortedIn p) {
            return new EventPayload.PortedIn(p.getSubscriberRef(), plan(p.getPlanType()), p.getTenureStart(),
                    p.getValidUntil(), p.getDonor());
        }
        throw new InvalidEventException("unknown payload type "
                + (payload == null ? "null" : payload.getClass().getName()));
    }

    private static Object payloadToWire(EventPayload payload) {
        if (payload instanceof EventPayload.NumberAssigned p) {
            return new NumberAssigned(p.subscriberRef(), plan(p.planType()), p.validUntil());
        } else if (payload instanceof EventPayload.NumberReassigned p) {
            return new NumberReassigned(p.subscriberRef(), plan(p.planType()), p.validUntil());
        } else if (payload instanceof EventPayload.TopUpMade p) {
            return new TopUpMade(p.amountMinorUnits(), p.currency(), p.validUntil());
        } else if (payload instanceof EventPayload.ValidityLapsed) {
            return new ValidityLapsed();
        } else if (payload instanceof EventPayload.GraceExpired) {
            return new GraceExpired();
        } else if (payload instanceof EventPayload.NumberSuspended p) {
            return new NumberSuspended(dev.numberregistry.schema.SuspensionReason.valueOf(p.reason().name()), p.note());
        } else if (payload instanceof EventPayload.NumberResumed) {
            return new NumberResumed();
        } else if (payload instanceof EventPayload.FlagRaised p) {
            return new FlagRaised(p.flagId(), dev.numberregistry.schema.FlagKind.valueOf(p.kind().name()),
                    dev.numberregistry.schema.FlagSeverity.valueOf(p.severity().name()), p.raisedBy(), p.note());
        } else if (payload instanceof EventPayload.FlagCleared p) {
            return new FlagCleared(p.flagId(), dev.numberregistry.schema.FlagClearance.valueOf(p.reason().name()),
                    p.clearedBy(), p.note());
        } else if (payload instanceof EventPayload.CancellationRequested) {
            return new CancellationRequested();
        } else if (payload instanceof EventPayload.CancellationCompleted) {
            return new CancellationCompleted();
        } else if (payload instanceof EventPayload.NumberRecycled) {
            return new NumberRecycled();
        } else if (payload instanceof EventPayload.QuarantineEnded) {
            return new QuarantineEnded();
        } else if (payload instanceof EventPayload.NumberRecovered p) {
            return new NumberRecovered(p.subscriberRef(), p.validUntil());
        } else if (payload instanceof EventPayload.SimChanged p) {
            return new SimChanged(p.note());
        } else if (payload instanceof EventPayload.NumberImported p) {
            return new NumberImported(dev.numberregistry.schema.NumberStatus.valueOf(p.status().name()),
                    StateMapping.holder(p.holder()), StateMapping.holder(p.previousHolder()), p.validUntil(),
                    p.graceEndsAt(), p.quarantineEndsAt(), StateMapping.suspension(p.suspension()),
                    p.flags().stream().map(StateMapping::flag).toList(), p.cancellationRequestedAt(),
                    p.lastSimChangeAt(), p.coveredFrom());
        } else if (payload instanceof EventPayload.PortedOut p) {
            return new PortedOut(p.recipient());
        } else if (payload instanceof EventPayload.PortedIn p) {
            return new PortedIn(p.subscriberRef(), plan(p.planType()), p.tenureStart(), p.validUntil(), p.donor());
        }
        throw new IllegalArgumentException("no wire form for " + payload.type());
    }

    static PlanType plan(dev.numberregistry.schema.PlanType wire) {
        return wire == null ? null : PlanType.valueOf(wire.name());
    }

    static dev.numberregistry.schema.PlanType plan(PlanType domain) {
        return domain == null ? null : dev.numberregistry.schema.PlanType.valueOf(domain.name());
    }
}
