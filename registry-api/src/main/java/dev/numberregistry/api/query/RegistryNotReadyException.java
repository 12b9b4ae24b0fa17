package dev.numberregistry.api.query;

import java.time.Duration;

/**
 * The registry cannot answer right now (starting, restoring or rebalancing its stores, or the
 * cluster or a number's owner is unreachable). Never a wrong answer: the caller is told to retry.
 * The web layer turns it into 503 {@code NOT_READY} with Retry-After; this package knows nothing
 * of HTTP.
 */
public final class RegistryNotReadyException extends RuntimeException {

    /** Long enough for a rebalance or a restore to move on, short enough for a client to wait. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    public RegistryNotReadyException(String message) {
        super(message);
    }

    public RegistryNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** How long a caller should wait before asking again. */
    public Duration retryAfter() {
        return RETRY_AFTER;
    }
}
