package dev.numberregistry.api.json;

/**
 * A body that is not one JSON value, or not of the shape the endpoint reads. The message says
 * what is wrong and where, in the caller's terms (a line and column, or a field), and names
 * nothing of the parser: each endpoint passes it on in its own error shape.
 */
public final class UnreadableJsonException extends RuntimeException {

    public UnreadableJsonException(String message) {
        super(message, null, false, false);
    }
}
