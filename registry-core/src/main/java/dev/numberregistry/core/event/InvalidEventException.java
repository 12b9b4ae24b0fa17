package dev.numberregistry.core.event;

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

    static <T> T requirePresent(T value, String field) {
        if (value == null) {
            throw new InvalidEventException(field + " is required");
        }
        return value;
    }
}
