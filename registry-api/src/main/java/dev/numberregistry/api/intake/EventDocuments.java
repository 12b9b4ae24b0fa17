package dev.numberregistry.api.intake;

import dev.numberregistry.api.json.JsonKinds;
import dev.numberregistry.core.Quote;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.FlagClearance;
import dev.numberregistry.core.event.InvalidEventException;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.core.state.Suspension;
import dev.numberregistry.core.state.SuspensionReason;
import io.micronaut.json.tree.JsonNode;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Translates events between their JSON documents and the domain. Reading is strict, so that
 * nothing is taken as something other than what was sent: every field must have its documented
 * JSON type (strings are strings, instants ISO-8601 strings with an offset, amounts whole JSON
 * numbers), a field the event's type does not have is refused, and every refusal names the field.
 * Ranges and lengths are the domain's (see {@link dev.numberregistry.core.event.EventLimits}).
 */
public final class EventDocuments {

    /** The fields every event has; {@code recordedAt} may be left out (the registry's intake time). */
    static final List<String> ENVELOPE = List.of("eventId", "number", "type", "occurredAt", "recordedAt", "source");

    /** Every payload type a document may name, with the payload fields it has. */
    public static final Map<String, List<String>> PAYLOAD_FIELDS = payloadFields();

    /** Every payload type a document may name. */
    public static final List<String> TYPES = List.copyOf(PAYLOAD_FIELDS.keySet());

    private static final Set<String> ALL_FIELDS = allFields();

    private EventDocuments() {
    }

    /**
     * A document's payload fields are its payload record's components, named alike: the domain's
     * vocabulary is the one list of them.
     */
    private static Map<String, List<String>> payloadFields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Class<?> payload : EventPayload.class.getPermittedSubclasses()) {
            fields.put(payload.getSimpleName(), componentsOf(payload));
        }
        return Collections.unmodifiableMap(fields);
    }

    private static List<String> componentsOf(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static Set<String> allFields() {
        Set<String> all = new TreeSet<>(ENVELOPE);
        PAYLOAD_FIELDS.values().forEach(all::addAll);
        return Set.copyOf(all);
    }

    /**
     * @param receivedAt the recording time for a document that does not say when it was recorded
     * @throws dev.numberregistry.core.number.InvalidPhoneNumberException if the number is not valid
     * @throws InvalidEventException                                      if the document is not a valid event
     */
    public static NumberEvent toDomain(JsonNode document, Instant receivedAt) {
        if (!document.isObject()) {
            throw new InvalidEventException("an event is a JSON object, not " + JsonKinds.of(document));
        }
        Fields fields = new Fields(document);
        String type = fields.text("type");
        if (type == null) {
            throw new InvalidEventException("type is required, one of " + TYPES);
        }
        List<String> payloadFields = PAYLOAD_FIELDS.get(type);
        if (payloadFields == null) {
            throw new InvalidEventException("type " + Quote.of(type) + " is not one of " + TYPES);
        }
        for (Map.Entry<String, JsonNode> field : document.entries()) {
            String name = field.getKey();
            if (!ALL_FIELDS.contains(name)) {
                throw new InvalidEventException("field " + Quote.of(name) + " is not a field of any event; the "
                        + "fields of a " + type + " are " + fieldsOf(payloadFields));
            }
            if (!ENVELOPE.contains(name) && !payloadFields.contains(name)) {
                throw new InvalidEventException("field '" + name + "' does not belong to a " + type
                        + "; its fields are " + fieldsOf(payloadFields));
            }
        }
        String source = fields.text("source");
        if (NumberEvent.REGISTRY_SOURCE.equals(source)) {
            throw new InvalidEventException("source '" + source + "' is the registry's own, for the decisions it "
                    + "writes itself; name the sending system");
        }
        PhoneNumber number = PhoneNumber.parse(fields.text("number"));
        Instant recordedAt = fields.instant("recordedAt");
        return new NumberEvent(fields.text("eventId"), number, fields.instant("occurredAt"),
                recordedAt != null ? recordedAt : receivedAt, source, payload(type, fields));
    }

    private static String fieldsOf(List<String> payloadFields) {
        List<String> fields = new ArrayList<>(ENVELOPE);
        fields.addAll(payloadFields);
        return String.join(", ", fields);
    }

    private static EventPayload payload(String type, Fields d) {
        return switch (type) {
            case "NumberAssigned" -> new EventPayload.NumberAssigned(d.text("subscriberRef"),
                    d.choice(PlanType.class, "planType"), d.instant("validUntil"));
            case "NumberReassigned" -> new EventPayload.NumberReassigned(d.text("subscriberRef"),
                    d.choice(PlanType.class, "planType"), d.instant("validUntil"));
            case "TopUpMade" -> new EventPayload.TopUpMade(d.wholeNumber("amountMinorUnits"), d.text("currency"),
                    d.instant("validUntil"));
            case "ValidityLapsed" -> new EventPayload.ValidityLapsed();
            case "GraceExpired" -> new EventPayload.GraceExpired();
            case "NumberSuspended" -> new EventPayload.NumberSuspended(d.choice(SuspensionReason.class, "reason"),
                    d.text("note"));
            case "NumberResumed" -> new EventPayload.NumberResumed();
            case "FlagRaised" -> new EventPayload.FlagRaised(d.text("flagId"), d.choice(FlagKind.class, "kind"),
                    d.choice(FlagSeverity.class, "severity"), d.text("raisedBy"), d.text("note"));
            case "FlagCleared" -> new EventPayload.FlagCleared(d.text("flagId"),
                    d.choice(FlagClearance.class, "reason"), d.text("clearedBy"), d.text("note"));
            case "CancellationRequested" -> new EventPayload.CancellationRequested();
            case "CancellationCompleted" -> new EventPayload.CancellationCompleted();
            case "NumberRecycled" -> new EventPayload.NumberRecycled();
            case "QuarantineEnded" -> new EventPayload.QuarantineEnded();
            case "NumberRecovered" -> new EventPayload.NumberRecovered(d.text("subscriberRef"), d.instant("validUntil"));
            case "SimChanged" -> new EventPayload.SimChanged(d.text("note"));
            case "NumberImported" -> imported(d);
            case "PortedOut" -> new EventPayload.PortedOut(d.text("recipient"));
            case "PortedIn" -> new EventPayload.PortedIn(d.text("subscriberRef"), d.choice(PlanType.class, "planType"),
                    d.instant("tenureStart"), d.instant("validUntil"), d.text("donor"));
            default -> throw new IllegalStateException("no payload for type " + type);
        };
    }

    private static EventPayload.NumberImported imported(Fields d) {
        Fields suspension = d.object("suspension", SUSPENSION_FIELDS);
        return new EventPayload.NumberImported(d.choice(NumberStatus.class, "status"),
                holder(d.object("holder", HOLDER_FIELDS)), holder(d.object("previousHolder", HOLDER_FIELDS)),
                d.instant("validUntil"), d.instant("graceEndsAt"), d.instant("quarantineEndsAt"),
                suspension == null ? null : new Suspension(suspension.choice(SuspensionReason.class, "reason"),
                        suspension.instant("since"), suspension.choice(NumberStatus.class, "resumeTo")),
                d.objects("flags", FLAG_FIELDS).stream().map(EventDocuments::flag).toList(),
                d.instant("cancellationRequestedAt"), d.instant("lastSimChangeAt"), d.instant("coveredFrom"));
    }

    // An import's nested objects have their records' components as fields, as payloads do.
    private static final List<String> HOLDER_FIELDS = componentsOf(Holder.class);
    private static final List<String> SUSPENSION_FIELDS = componentsOf(Suspension.class);
    private static final List<String> FLAG_FIELDS = componentsOf(Flag.class);

    /** A holder's assignment number counts from 1, the first holder the carrier knows of, if not given. */
    private static Holder holder(Fields holder) {
        if (holder == null) {
            return null;
        }
        Long assignment = holder.optionalWholeNumber("assignmentNumber");
        if (assignment != null && assignment > Integer.MAX_VALUE) {
            throw new InvalidEventException(holder.name("assignmentNumber") + " is out of range: 1 to "
                    + Integer.MAX_VALUE);
        }
        return new Holder(holder.text("subscriberRef"), holder.choice(PlanType.class, "planType"),
                holder.instant("tenureStart"), assignment == null ? 1 : assignment.intValue());
    }

    private static Flag flag(Fields flag) {
        return new Flag(flag.text("flagId"), flag.choice(FlagKind.class, "kind"),
                flag.choice(FlagSeverity.class, "severity"), flag.text("raisedBy"), flag.text("note"),
                flag.instant("raisedAt"));
    }

    /**
     * A document's fields, each read as its one documented JSON type; null when absent or JSON null.
     *
     * @param path where the fields stand in the document, for messages: empty at the top, then
     *             {@code holder.} or {@code flags[2].}
     */
    private record Fields(JsonNode document, String path) {

        Fields(JsonNode document) {
            this(document, "");
        }

        String name(String field) {
            return path + field;
        }

        /** A nested object whose fields must all be among {@code allowed}; null when absent. */
        Fields object(String field, List<String> allowed) {
            JsonNode value = present(field);
            return value == null ? null : nested(value, name(field), allowed);
        }

        /** A list of nested objects; empty when absent. */
        List<Fields> objects(String field, List<String> allowed) {
            JsonNode value = present(field);
            if (value == null) {
                return List.of();
            }
            if (!value.isArray()) {
                throw new InvalidEventException(name(field) + " must be a JSON array, not " + JsonKinds.of(value));
            }
            List<Fields> objects = new ArrayList<>();
            for (JsonNode element : value.values()) {
                objects.add(nested(element, name(field) + "[" + objects.size() + "]", allowed));
            }
            return objects;
        }

        private static Fields nested(JsonNode value, String name, List<String> allowed) {
            if (!value.isObject()) {
                throw new InvalidEventException(name + " must be a JSON object, not " + JsonKinds.of(value));
            }
            for (Map.Entry<String, JsonNode> entry : value.entries()) {
                if (!allowed.contains(entry.getKey())) {
                    throw new InvalidEventException("field " + Quote.of(entry.getKey()) + " does not belong in "
                            + name + "; its fields are " + String.join(", ", allowed));
                }
            }
            return new Fields(value, name + ".");
        }

        String text(String field) {
            JsonNode value = present(field);
            if (value == null) {
                return null;
            }
            if (!value.isString()) {
                throw new InvalidEventException(name(field) + " must be a JSON string, not " + JsonKinds.of(value));
            }
            return value.getStringValue();
        }

        Instant instant(String field) {
            JsonNode value = present(field);
            if (value == null) {
                return null;
            }
            if (!value.isString()) {
                throw new InvalidEventException(name(field) + " must be an ISO-8601 date-time string such as "
                        + "2030-01-01T00:00:00Z, not " + JsonKinds.of(value)
                        + (value.isNumber() ? " (epoch numbers are not taken: seconds and milliseconds look alike)"
                        : ""));
            }
            Instant instant;
            try {
                instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value.getStringValue(), OffsetDateTime::from)
                        .toInstant();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new InvalidEventException(name(field) + " " + Quote.of(value.getStringValue()) + " is not an "
                        + "ISO-8601 date-time with an offset, such as 2030-01-01T00:00:00Z or 2030-01-01T01:00:00+01:00");
            }
            if (instant.getNano() % 1_000_000 != 0) {
                throw new InvalidEventException(name(field) + " " + Quote.of(value.getStringValue())
                        + " is more precise than the millisecond the registry keeps");
            }
            return instant;
        }

        Long optionalWholeNumber(String field) {
            return present(field) == null ? null : wholeNumber(field);
        }

        long wholeNumber(String field) {
            JsonNode value = present(field);
            if (value == null) {
                throw new InvalidEventException(name(field) + " is required");
            }
            BigInteger whole = JsonKinds.wholeNumber(value).orElseThrow(() ->
                    new InvalidEventException(name(field) + " " + JsonKinds.notAWholeNumber(value)));
            if (whole.signum() < 0 || whole.bitLength() >= Long.SIZE) {
                throw new InvalidEventException(name(field) + " " + Quote.of(whole.toString()) + " is out of range: 0 to "
                        + Long.MAX_VALUE);
            }
            return whole.longValue();
        }

        <E extends Enum<E>> E choice(Class<E> type, String field) {
            String value = text(field);
            if (value == null) {
                throw new InvalidEventException(name(field) + " is required, one of " + Arrays.toString(type.getEnumConstants()));
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value)) {
                    return constant;
                }
            }
            throw new InvalidEventException(name(field) + " " + Quote.of(value) + " is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }

        private JsonNode present(String field) {
            JsonNode value = document.get(field);
            return value == null || value.isNull() ? null : value;
        }
    }

    public static EventDocument fromDomain(NumberEvent event) {
        Payload fields = Payload.NONE;
        EventPayload payload = event.payload();
        if (payload instanceof EventPayload.NumberAssigned p) {
            fields = Payload.assignment(p.subscriberRef(), p.planType(), p.validUntil());
        } else if (payload instanceof EventPayload.NumberReassigned p) {
            fields = Payload.assignment(p.subscriberRef(), p.planType(), p.validUntil());
        } else if (payload instanceof EventPayload.NumberRecovered p) {
            fields = Payload.assignment(p.subscriberRef(), null, p.validUntil());
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
        } else if (payload instanceof EventPayload.NumberImported p) {
            fields = new Payload(null, null, p.validUntil(), null, null, null, null, null, null, null, null, null);
        } else if (payload instanceof EventPayload.PortedIn p) {
            fields = Payload.assignment(p.subscriberRef(), p.planType(), p.validUntil());
        }
        EventPayload.NumberImported imported = payload instanceof EventPayload.NumberImported p ? p : null;
        EventPayload.PortedIn portedIn = payload instanceof EventPayload.PortedIn p ? p : null;
        EventPayload.PortedOut portedOut = payload instanceof EventPayload.PortedOut p ? p : null;
        return new EventDocument(event.eventId(), event.number().e164(), event.type(), event.occurredAt(),
                event.recordedAt(), event.source(), fields.subscriberRef, fields.planType, fields.validUntil,
                fields.amountMinorUnits, fields.currency, fields.reason, fields.note, fields.flagId, fields.kind,
                fields.severity, fields.raisedBy, fields.clearedBy,
                imported == null ? null : imported.status().name(),
                imported == null ? null : imported.holder(),
                imported == null ? null : imported.previousHolder(),
                imported == null ? null : imported.graceEndsAt(),
                imported == null ? null : imported.quarantineEndsAt(),
                imported == null ? null : imported.suspension(),
                imported == null ? null : imported.flags(),
                imported == null ? null : imported.cancellationRequestedAt(),
                imported == null ? null : imported.lastSimChangeAt(),
                imported == null ? null : imported.coveredFrom(),
                portedIn == null ? null : portedIn.tenureStart(),
                portedIn == null ? null : portedIn.donor(),
                portedOut == null ? null : portedOut.recipient());
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
}
