package dev.numberregistry.api.web;

import dev.numberregistry.core.number.InvalidPhoneNumberException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Turns the API's own exceptions into problem responses through Micronaut's error processor. */
public final class ProblemHandlers {

    private ProblemHandlers() {
    }

    static MutableHttpResponse<?> respond(ErrorResponseProcessor<?> processor, HttpRequest<?> request,
                                          Throwable cause, String message, HttpStatus status) {
        return processor.processResponse(
                ErrorContext.builder(request).cause(cause).errorMessage(message).build(),
                HttpResponse.status(status));
    }

    @Produces
    @Singleton
    public static final class ApiProblemHandler implements ExceptionHandler<ApiProblemException, HttpResponse<?>> {
        private final ErrorResponseProcessor<?> processor;

        ApiProblemHandler(ErrorResponseProcessor<?> processor) {
            this.processor = processor;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ApiProblemException exception) {
            MutableHttpResponse<?> response = respond(processor, request, exception, exception.getMessage(),
                    exception.status());
            exception.retryAfter().ifPresent(wait -> response.header("Retry-After", Long.toString(wait.toSeconds())));
            return response;
        }
    }

    @Produces
    @Singleton
    static final class InvalidNumberHandler implements ExceptionHandler<InvalidPhoneNumberException, HttpResponse<?>> {
        private final ErrorResponseProcessor<?> processor;

        InvalidNumberHandler(ErrorResponseProcessor<?> processor) {
            this.processor = processor;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, InvalidPhoneNumberException exception) {
            return respond(processor, request, exception, exception.getMessage(), HttpStatus.BAD_REQUEST);
        }
    }
}
