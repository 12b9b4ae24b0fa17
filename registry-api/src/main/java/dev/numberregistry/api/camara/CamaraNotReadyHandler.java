package dev.numberregistry.api.camara;

import dev.numberregistry.api.query.RegistryNotReadyException;
import dev.numberregistry.api.web.NotReadyProblem;
import dev.numberregistry.api.web.ProblemHandlers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * While the registry starts, restores or rebalances, or a number's owner is out of reach: 503 with
 * Retry-After, never a wrong answer. Under the CAMARA paths in the contracts' error format
 * ({@code UNAVAILABLE}), anywhere else as the registry's problem details ({@link NotReadyProblem}, which
 * the web package's handler answers): the one place for it, so that no controller catches it.
 */
@Produces
@Singleton
final class CamaraNotReadyHandler implements ExceptionHandler<RegistryNotReadyException, HttpResponse<?>> {

    private final ProblemHandlers.ApiProblemHandler problems;

    CamaraNotReadyHandler(ProblemHandlers.ApiProblemHandler problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RegistryNotReadyException exception) {
        if (!CamaraApis.isCamara(request)) {
            return problems.handle(request, new NotReadyProblem(exception));
        }
        return CamaraError.of(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "Service unavailable: "
                + exception.getMessage()).toResponse()
                .header("Retry-After", Long.toString(exception.retryAfter().toSeconds()));
    }
}
