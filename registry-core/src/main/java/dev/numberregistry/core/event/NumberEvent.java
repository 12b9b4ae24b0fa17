package dev.numberregistry.core.event;

import static dev.numberregistry.core.event.EventLimits.requireIdentifier;
import static dev.numberregistry.core.event.EventLimits.requireInRange;
import static dev.numberregistry.core.event.InvalidEventException.requirePresent;
import static dev.numberregistry.core.event.InvalidEventException.toMillis;

import dev.numberregistry.core.number.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

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
        requireIdentifier(source, "source");
        if (REGISTRY_SOURCE.equals(source)) {
            // The registry derives its decisions' ids from their causes' (see imply), which may
            // already be as long as an identifier may be.
            EventLimits.requireDerivedId(eventId, "eventId");
        } else {
            requireIdentifier(eventId, "eventId");
        }
        requirePresent(number, "number");
        occurredAt = toMillis(requireInRange(requirePresent(occurredAt, "occurredAt"), "occurredAt"));
        recordedAt = toMillis(requireInRange(requirePresent(recordedAt, "recordedAt"), "recordedAt"));
        requirePresent(payload, "payload");
        payload.requireKnownBy(occurredAt);
        if (payload instanceof EventPayload.FlagCleared cleared && cleared.reason() == FlagClearance.TENURE_ENDED
                && !REGISTRY_SOURCE.equals(source)) {
            throw new InvalidEventException("reason TENURE_ENDED is the registry's own, for the flags it clears when "
                    + "a holder's tenure ends; clear a flag with APPEAL_UPHELD, PAID, MISJUDGED or EXPIRED");
        }
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
        String derived = eventId + "/" + idSuffix;
        if (derived.length() > EventLimits.MAX_DERIVED_ID_LENGTH) {
            // A cause whose id is already as long as ids may be: its digest stands for it, so
            // that the derived id is as deterministic, and within the limit.
            derived = sha256(eventId) + "/" + idSuffix;
        }
        return new NumberEvent(derived, number, occurredAt, recordedAt, REGISTRY_SOURCE, impliedPayload);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
