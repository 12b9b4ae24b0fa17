package dev.numberregistry.api.camara;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Ends a CAMARA request with a {@link CamaraError}: {@code throw new CamaraException(
 * CamaraError.of(HttpStatus.NOT_FOUND, "IDENTIFIER_NOT_FOUND", "..."))}. The response is the
 * error's status and body, in the CAMARA format whatever the path.
 */
public class CamaraException extends RuntimeException {

    private final CamaraError error;

    public CamaraException(CamaraError error) {
        super(error.message());
        this.error = error;
    }

    public CamaraError error() {
        return error;
    }

    /** How long the client should wait before it asks again, sent as {@code Retry-After}; none by default. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    @Produces
    @Singleton
    static final class Handler implements ExceptionHandler<CamaraException, HttpResponse<CamaraError>> {
        @Override
        public HttpResponse<CamaraError> handle(HttpRequest request, CamaraException exception) {
            MutableHttpResponse<CamaraError> response = exception.error().toResponse();
            exception.retryAfter().ifPresent(wait -> response.header("Retry-After", Long.toString(wait.toSeconds())));
            return response;
        }
    }
}
