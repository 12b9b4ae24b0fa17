package dev.numberregistry.api.intake;

import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.FlagKind;
import dev.numberregistry.core.event.FlagSeverity;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.event.PlanType;
import dev.numberregistry.core.event.SuspensionReason;
import dev.numberregistry.core.number.PhoneNumber;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Translates events between their JSON documents and the domain. */
public final class EventDocuments {

    /** Every payload type a document may name. */
    public static final List<String> TYPES = List.of("NumberAssigned", "NumberReassigned", "TopUpMade",
            "ValidityLapsed", "GraceExpired", "NumberSuspended", "NumberResumed", "FlagRaised", "FlagCleared",
            "CancellationRequested", "CancellationCompleted", "NumberRecycled", "QuarantineEnded", "NumberRecovered",
            "SimChanged");

    private EventDocuments() {
    }

    /**
     * @param receivedAt the recording time for a document that does not say when it was recorded
     * @throws dev.numberregistry.core.number.InvalidPhoneNumberException if the number is not valid
     * @throws InvalidEventException                                      if the document is not a valid event
     */
    public static NumberEvent toDomain(EventDocument document, Instant receivedAt) {
        PhoneNumber number = PhoneNumber.parse(document.number());
        Instant recordedAt = document.recordedAt() != null ? document.recordedAt() : receivedAt;
        return new NumberEvent(document.eventId(), number, document.occurredAt(), recordedAt, document.source(),
                payload(document));
    }

    public static EventDocument fromDomain(NumberEvent event) {
        Payload fields = Payload.NONE;
        EventPayload payload = event.payload();
        if (payload instanceof EventPayload.NumberAssigned p) {
            fields = Payload.assignment(p.subscriberRef(), p.planType(), p.validUntil());
        } else if (payload instanceof EventPayload.NumberReassigned p) {
            fields = Payload.assignment(p.subscriberRef(), p.planType(), p.validUntil());
        } else if (payload instanceof EventPayload.NumberRecovered p) {
            fields = Payload.assignment(p.subscriberRef(), null, null);
        } else if (payload instanceof EventPayload.TopUpMade p) {
            fields = new Payload(null, null, p.validUntil(), p.amountMinorUnits(), p.currency(),
                    null, null, null, null, null, null, null);
        } else if (payload instanceof EventPayload.NumberSuspended p) {
            fields = new Payload(null, null, null, null, null, p.reason().name(), p.note(),
                    null, null, null, null, null);
        } else if (payload instanceof EventPayload.FlagRaised p) {
            fields = new Payload(null, null, null, null, null, null, p.note(),
                    p.flagId(), p.kind().name(), p.severity().name(), p.raisedBy(), null);
        } else if (payload instanceof EventPayload.SimChanged p) {
            fields = new Payload(null, null, null, null, null, null, p.note(), null, null, null, null, null);
        } else if (payload instanceof EventPayload.FlagCleared p) {
            fields = new Payload(null, null, null, null, null, p.reason().name(), p.note(),
                    p.flagId(), null, null, null, p.clearedBy());
        }
        return new EventDocument(event.eventId(), event.number().e164(), event.type(), event.occurredAt(),
                event.recordedAt(), event.source(), fields.subscriberRef, fields.planType, fields.validUntil,
                fields.amountMinorUnits, fields.currency, fields.reason, fields.note, fields.flagId, fields.kind,
                fields.severity, fields.raisedBy, fields.clearedBy);
    }

    /** The payload half of a document. */
    private record Payload(String subscriberRef, String planType, Instant validUntil, Long amountMinorUnits,
                           String currency, String reason, String note, String flagId, String kind,
                           String severity, String raisedBy, String clearedBy) {
        static final Payload NONE = new Payload(null, null, null, null, null, null, null, null, null, null, null, null);

        static Payload assignment(String subscriberRef, PlanType planType, Instant validUntil) {
            return new Payload(subscriberRef, planType == null ? null : planType.name(), validUntil,
                    null, null, null, null, null, null, null, null, null);
        }
    }

    private static EventPayload payload(EventDocument d) {
        if (d.type() == null) {
            throw new InvalidEventException("type is required, one of " + TYPES);
        }
        return switch (d.type()) {
            case "NumberAssigned" -> new EventPayload.NumberAssigned(d.subscriberRef(),
                    choice(PlanType.class, d.planType(), "planType"), d.validUntil());
            case "NumberReassigned" -> new EventPayload.NumberReassigned(d.subscriberRef(),
                    choice(PlanType.class, d.planType(), "planType"), d.validUntil());
            case "TopUpMade" -> {
                if (d.amountMinorUnits() == null) {
                    throw new InvalidEventException("amountMinorUnits is required");
                }
                yield new EventPayload.TopUpMade(d.amountMinorUnits(), d.currency(), d.validUntil());
            }
            case "ValidityLapsed" -> new EventPayload.ValidityLapsed();
            case "GraceExpired" -> new EventPayload.GraceExpired();
            case "NumberSuspended" -> new EventPayload.NumberSuspended(
                    choice(SuspensionReason.class, d.reason(), "reason"), d.note());
            case "NumberResumed" -> new EventPayload.NumberResumed();
            case "FlagRaised" -> new EventPayload.FlagRaised(d.flagId(), choice(FlagKind.class, d.kind(), "kind"),
                    choice(FlagSeverity.class, d.severity(), "severity"), d.raisedBy(), d.note());
            case "FlagCleared" -> new EventPayload.FlagCleared(d.flagId(),
                    choice(FlagClearance.class, d.reason(), "reason"), d.clearedBy(), d.note());
            case "CancellationRequested" -> new EventPayload.CancellationRequested();
            case "CancellationCompleted" -> new EventPayload.CancellationCompleted();
            case "NumberRecycled" -> new EventPayload.NumberRecycled();
            case "QuarantineEnded" -> new EventPayload.QuarantineEnded();
            case "NumberRecovered" -> new EventPayload.NumberRecovered(d.subscriberRef());
            case "SimChanged" -> new EventPayload.SimChanged(d.note());
            default -> throw new InvalidEventException("type '" + d.type() + "' is not one of " + TYPES);
        };
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
        if (value == null) {
            throw new InvalidEventException(field + " is required, one of " + Arrays.toString(type.getEnumConstants()));
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(field + " '" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
