package dev.numberregistry.api.web;

import dev.numberregistry.api.query.RegistryNotReadyException;
import io.micronaut.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;

/** How the registry's own paths tell that it cannot answer right now: 503 {@code NOT_READY} with Retry-After. */
public final class NotReadyProblem extends ApiProblemException {

    private final Duration retryAfter;

    public NotReadyProblem(RegistryNotReadyException notReady) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "NOT_READY", notReady.getMessage());
        initCause(notReady);
        this.retryAfter = notReady.retryAfter();
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }
}
