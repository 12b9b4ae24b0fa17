package dev.numberregistry.api.camara;

import dev.numberregistry.api.web.RegistryNotReadyException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * While the registry starts, restores or rebalances, or a number's owner is out of reach: 503 with
 * Retry-After, never a wrong answer. Under the CAMARA paths in the contracts' error format
 * ({@code UNAVAILABLE}), anywhere else as the registry's problem details: the one place for it, so
 * that no controller catches it.
 */
@Produces
@Singleton
final class CamaraNotReadyHandler implements ExceptionHandler<RegistryNotReadyException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> problems;

    CamaraNotReadyHandler(ErrorResponseProcessor<?> problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RegistryNotReadyException exception) {
        MutableHttpResponse<?> response = CamaraApis.isCamara(request)
                ? CamaraError.of(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE",
                        "Service unavailable: " + exception.getMessage()).toResponse()
                : problems.processResponse(ErrorContext.builder(request).cause(exception)
                        .errorMessage(exception.getMessage()).build(), HttpResponse.status(exception.status()));
        exception.retryAfter().ifPresent(wait -> response.header("Retry-After", Long.toString(wait.toSeconds())));
        return response;
    }
}
