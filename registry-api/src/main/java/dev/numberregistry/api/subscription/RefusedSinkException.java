package dev.numberregistry.api.subscription;

/** A sink the registry will not call; the message tells the subscriber why and what would do. */
public class RefusedSinkException extends RuntimeException {

    public RefusedSinkException(String message) {
        super(message);
    }

    public RefusedSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
