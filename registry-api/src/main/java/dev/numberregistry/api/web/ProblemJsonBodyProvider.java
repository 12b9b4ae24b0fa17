package dev.numberregistry.api.web;

import dev.numberregistry.core.number.InvalidPhoneNumberException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Every JSON error body the server writes, its own and Micronaut's (unknown route, unreadable
 * body, failed validation), as problem details.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
final class ProblemJsonBodyProvider implements JsonErrorResponseBodyProvider<Problem> {

    @Override
    public Problem body(ErrorContext context, HttpResponse<?> response) {
        List<String> messages = context.getErrors().stream().map(Error::getMessage).toList();
        String detail = messages.isEmpty() ? response.reason() : String.join("; ", messages);
        return new Problem("about:blank", response.getStatus().getReason(), response.code(), detail,
                codeOf(context, response), messages.size() > 1 ? messages : List.of());
    }

    @Override
    public String contentType() {
        return Problem.MEDIA_TYPE;
    }

    private static String codeOf(ErrorContext context, HttpResponse<?> response) {
        Throwable cause = context.getRootCause().orElse(null);
        if (cause instanceof ApiProblemException problem) {
            return problem.code();
        }
        if (cause instanceof InvalidPhoneNumberException) {
            return "INVALID_NUMBER";
        }
        return response.getStatus().name();
    }
}
