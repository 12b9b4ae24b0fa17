package dev.numberregistry.api.web;

import io.micronaut.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * The registry cannot answer right now (starting, restoring or rebalancing its stores, or the
 * cluster is unreachable). Never a wrong answer: the client is told to retry.
 */
public final class RegistryNotReadyException extends ApiProblemException {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    public RegistryNotReadyException(String message) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "NOT_READY", message);
    }

    public RegistryNotReadyException(String message, Throwable cause) {
        this(message);
        initCause(cause);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(RETRY_AFTER);
    }
}
