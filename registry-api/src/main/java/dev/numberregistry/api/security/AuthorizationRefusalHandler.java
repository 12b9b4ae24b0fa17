package dev.numberregistry.api.security;

import dev.numberregistry.api.camara.CamaraApis;
import dev.numberregistry.api.camara.CamaraError;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * What a refused request gets. Under the CAMARA paths: 401 {@code UNAUTHENTICATED} when there is
 * no valid token (none, malformed, expired, signed by a key the registry does not trust), 403
 * {@code PERMISSION_DENIED} when the token lacks the scope, as {@link CamaraError}s, with an RFC 6750
 * {@code WWW-Authenticate} challenge. Anywhere else the registry's problem details
 * ({@code UNAUTHORIZED}, {@code FORBIDDEN}) naming the scope the operation needs, with the same challenge.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class AuthorizationRefusalHandler
        implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private final ErrorResponseProcessor<?> problems;

    AuthorizationRefusalHandler(ErrorResponseProcessor<?> problems) {
        this.problems = problems;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        boolean forbidden = exception.isForbidden();
        MutableHttpResponse<?> response;
        if (CamaraApis.isCamara(request)) {
            response = forbidden
                    ? CamaraError.permissionDenied("Client does not have sufficient permissions to perform this "
                            + "action: the access token does not carry the scope this operation requires.").toResponse()
                    : CamaraError.unauthenticated().toResponse();
        } else {
            HttpStatus status = forbidden ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
            response = problems.processResponse(ErrorContext.builder(request).cause(exception)
                    .errorMessage(forbidden ? "The access token does not carry the scope this request needs"
                            + neededScopes(request) : "This request needs a valid bearer token" + neededScopes(request))
                    .build(), HttpResponse.status(status));
        }
        return response.header(HttpHeaders.WWW_AUTHENTICATE, challenge(request, forbidden));
    }

    /** The scopes of the operation reached, any one of which would do: " (registry:read)". */
    private static String neededScopes(HttpRequest<?> request) {
        List<String> scopes = SecuredRoutes.accessOf(request).stream().filter(access -> !access.contains("(")).toList();
        return scopes.isEmpty() ? "" : " (" + String.join(" or ", scopes) + ")";
    }

    /** RFC 6750: why a bearer token is refused, if one was sent. */
    private static String challenge(HttpRequest<?> request, boolean forbidden) {
        if (forbidden) {
            return "Bearer error=\"insufficient_scope\"";
        }
        return request.getHeaders().getAuthorization().isPresent() ? "Bearer error=\"invalid_token\"" : "Bearer";
    }
}
