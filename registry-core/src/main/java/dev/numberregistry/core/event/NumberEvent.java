package dev.numberregistry.core.event;

import static dev.numberregistry.core.event.InvalidEventException.requirePresent;
import static dev.numberregistry.core.event.InvalidEventException.requireText;
import static dev.numberregistry.core.event.InvalidEventException.toMillis;

import dev.numberregistry.core.number.PhoneNumber;
import java.time.Instant;

/**
 * One fact in the life of a number.
 *
 * @param eventId    the idempotency key: a second event with the same id changes nothing
 * @param occurredAt business time, which decides every time-dependent rule
 * @param recordedAt when the sender recorded the fact
 * @param source     the sending system, or {@link #REGISTRY_SOURCE} for the registry's own decisions
 */
public record NumberEvent(
        String eventId,
        PhoneNumber number,
        Instant occurredAt,
        Instant recordedAt,
        String source,
        EventPayload payload) {

    /** The source of the events the registry decides and writes back to the log itself. */
    public static final String REGISTRY_SOURCE = "registry";

    public NumberEvent {
        requireText(eventId, "eventId");
        requirePresent(number, "number");
        occurredAt = toMillis(requirePresent(occurredAt, "occurredAt"));
        recordedAt = toMillis(requirePresent(recordedAt, "recordedAt"));
        requireText(source, "source");
        requirePresent(payload, "payload");
    }

    /** The payload's type name, as written on the wire and in the REST API. */
    public String type() {
        return payload.type();
    }

    /**
     * An event the registry derives from this one. Its id is derived from this event's id, so
     * replaying the log derives the same id again and the copy is recognised as a duplicate.
     */
    public NumberEvent imply(String idSuffix, EventPayload impliedPayload) {
        return new NumberEvent(eventId + "/" + idSuffix, number, occurredAt, recordedAt,
                REGISTRY_SOURCE, impliedPayload);
    }
}
