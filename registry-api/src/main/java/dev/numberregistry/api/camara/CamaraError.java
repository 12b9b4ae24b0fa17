package dev.numberregistry.api.camara;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Objects;

/**
 * An error of the CAMARA APIs (their {@code ErrorInfo}): the HTTP status, a code from the
 * contract's closed list (400 {@code INVALID_ARGUMENT}, 401 {@code UNAUTHENTICATED}, 403
 * {@code PERMISSION_DENIED}, 404 {@code IDENTIFIER_NOT_FOUND}, 422 {@code MISSING_IDENTIFIER}...)
 * and a sentence for people. Served as {@code application/json}, never as problem details: the
 * registry's own endpoints keep {@code application/problem+json}.
 *
 * <p>Render one with {@link #toResponse()}, or throw a {@link CamaraException} anywhere under a
 * CAMARA path. The {@code x-correlator} header is echoed on every CAMARA response by
 * {@link XCorrelatorFilter}: nothing to do here.
 */
@Serdeable
@Schema(name = "ErrorInfo", description = "An error of the CAMARA operations")
public record CamaraError(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "integer", format = "",
                description = "HTTP response status code") int status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The kind of error, from a closed list")
        String code,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "What went wrong, for people")
        String message) {

    public CamaraError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static CamaraError of(HttpStatus status, String code, String message) {
        return new CamaraError(status.getCode(), code, message);
    }

    /** 401: no token, or one that is malformed, expired, or not signed by a trusted key. */
    public static CamaraError unauthenticated() {
        return of(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                "Request not authenticated due to missing, invalid, or expired credentials. "
                        + "A new authentication is required.");
    }

    /** 403: a valid token that lacks the scope the operation needs. */
    public static CamaraError permissionDenied(String message) {
        return of(HttpStatus.FORBIDDEN, "PERMISSION_DENIED", message);
    }

    /** 400: the request's body, a parameter or a header is not what the contract allows. */
    public static CamaraError invalidArgument(String message) {
        return of(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", message);
    }

    public HttpStatus httpStatus() {
        return HttpStatus.valueOf(status);
    }

    /** This error as a response: its status, {@code application/json}, this body. */
    public MutableHttpResponse<CamaraError> toResponse() {
        return HttpResponse.<CamaraError>status(httpStatus())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(this);
    }
}
