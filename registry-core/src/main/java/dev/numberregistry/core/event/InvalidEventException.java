package dev.numberregistry.core.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** An event that is malformed in itself, before any state is consulted. */
public final class InvalidEventException extends IllegalArgumentException {

    public InvalidEventException(String message) {
        super(message);
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field + " is required");
        }
        return value;
    }

    /** The wire keeps milliseconds; truncating here keeps the domain and the log identical. */
    static Instant toMillis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    static <T> T requirePresent(T value, String field) {
        if (value == null) {
            throw new InvalidEventException(field + " is required");
        }
        return value;
    }
}
