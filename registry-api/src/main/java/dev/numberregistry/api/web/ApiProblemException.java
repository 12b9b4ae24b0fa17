package dev.numberregistry.api.web;

import io.micronaut.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;

/** An error the API reports to its caller as a problem with a status and a stable code. */
public abstract class ApiProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    protected ApiProblemException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** How long a client should wait before trying again, for errors that pass. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}
