package dev.numberregistry.core.event;

import java.time.Instant;

/**
 * The bounds every event must keep, whichever way it arrives. They are what keeps every record the
 * registry writes (a state, a history entry, a rejection, a notification) far below what a Kafka
 * topic accepts (1 MB by default): a state holds at most {@link #MAX_OPEN_FLAGS} flags of bounded
 * text, so no sequence of valid events can grow a state past 128 KiB (RecordLimits holds states to 512 KiB).
 *
 * <p>Lengths count UTF-16 code units (a character outside the Basic Multilingual Plane counts two),
 * as {@link String#length()} does.
 */
public final class EventLimits {

    /** Identifiers and references: eventId, source, subscriberRef, flagId, raisedBy, clearedBy. */
    public static final int MAX_IDENTIFIER_LENGTH = 128;
    /** Ids the registry derives for its own decisions from their causes' ids. */
    public static final int MAX_DERIVED_ID_LENGTH = 2 * MAX_IDENTIFIER_LENGTH;
    /** Free text a person wrote: note. */
    public static final int MAX_NOTE_LENGTH = 1000;
    /** Flags raised and not cleared on one number at a time. */
    public static final int MAX_OPEN_FLAGS = 32;
    /**
     * The earliest instant an event may carry. Older dates are typing mistakes (or epoch seconds
     * read as milliseconds), not telephone history.
     */
    public static final Instant EARLIEST_INSTANT = Instant.parse("1900-01-01T00:00:00Z");
    /** The first instant past the latest an event may carry (a validity end a century ahead is still fine). */
    public static final Instant END_OF_INSTANTS = Instant.parse("2200-01-01T00:00:00Z");
    private EventLimits() {
    }

    static String requireIdentifier(String value, String field) {
        InvalidEventException.requireText(value, field);
        return requireLength(value, field, MAX_IDENTIFIER_LENGTH);
    }

    static String requireDerivedId(String value, String field) {
        InvalidEventException.requireText(value, field);
        return requireLength(value, field, MAX_DERIVED_ID_LENGTH);
    }

    /** An identifier that may be left out; if given, it is an identifier like any other. */
    static String optionalIdentifier(String value, String field) {
        return value == null ? null : requireIdentifier(value, field);
    }

    static String optionalNote(String value, String field) {
        return value == null ? null : requireLength(value, field, MAX_NOTE_LENGTH);
    }

    static Instant requireInRange(Instant value, String field) {
        if (value != null && (value.isBefore(EARLIEST_INSTANT) || !value.isBefore(END_OF_INSTANTS))) {
            throw new InvalidEventException(field + " " + value + " is outside the range an event may carry, "
                    + EARLIEST_INSTANT + " (inclusive) to " + END_OF_INSTANTS + " (exclusive)");
        }
        return value;
    }

    private static String requireLength(String value, String field, int limit) {
        if (value.length() > limit) {
            throw new InvalidEventException(field + " is " + value.length() + " characters long; at most "
                    + limit + " are allowed");
        }
        requireWellFormed(value, field);
        return value;
    }

    /**
     * Half of a surrogate pair is no character: no encoding can carry it (Avro writes it as '?'),
     * so it would be stored as some other text than the one sent.
     */
    private static void requireWellFormed(String value, String field) {
        for (int at = 0; at < value.length(); at++) {
            char c = value.charAt(at);
            boolean paired = Character.isHighSurrogate(c) && at + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(at + 1));
            if (paired) {
                at++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEventException(field + " holds half of a UTF-16 surrogate pair at position " + at
                        + ", which is no character");
            }
        }
    }
}
