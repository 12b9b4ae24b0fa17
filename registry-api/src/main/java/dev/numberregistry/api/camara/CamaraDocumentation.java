package dev.numberregistry.api.camara;

import io.micronaut.http.MediaType;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How the API document shows what every CAMARA operation shares: the {@code x-correlator}
 * header, and the errors in the contracts' {@code ErrorInfo} format, one schema per set of codes
 * an operation gives under a status, as the contracts write them ({@code allOf} ErrorInfo and an
 * enumeration of the codes; the contracts' enumeration of the one status is left out, as the
 * response's status says it). CamaraContractTest holds these against the contracts.
 */
final class CamaraDocumentation {

    private CamaraDocumentation() {
    }

    /**
     * The errors every CAMARA operation may answer: 401, 403 and 503. (The {@code x-correlator}
     * request header goes in each {@code @Operation}'s parameters: micronaut-openapi drops the
     * schema of a {@code @Parameter} put on a method or here.)
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "401", description = "No valid token: none, malformed, expired, or signed by a key "
            + "the registry does not trust", headers = @Header(name = CamaraApis.X_CORRELATOR,
            schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Unauthenticated.class)))
    @ApiResponse(responseCode = "403", description = "The token lacks the scope this operation requires",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PermissionDenied.class)))
    @ApiResponse(responseCode = "429", description = "TOO_MANY_REQUESTS: over the client's checks per second, "
            + "Retry-After says when to ask again (none for a batch larger than the rate allows at once); "
            + "QUOTA_EXCEEDED: over the client's checks for the UTC day, Retry-After says until midnight",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TooManyRequests.class)))
    @ApiResponse(responseCode = "503", description = "The registry cannot answer for sure right now (starting, "
            + "restoring, rebalancing, or the number's owner out of reach); Retry-After says when to ask again",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Unavailable.class)))
    @interface CamaraOperation {
    }

    @Schema(name = "InvalidArgumentOrOutOfRange", allOf = CamaraError.class)
    record InvalidArgumentOrOutOfRange(
            @Schema(allowableValues = {"INVALID_ARGUMENT", "OUT_OF_RANGE"}) String code) {
    }

    @Schema(name = "TooManyRequests", allOf = CamaraError.class)
    record TooManyRequests(
            @Schema(allowableValues = {"TOO_MANY_REQUESTS", "QUOTA_EXCEEDED"}) String code) {
    }

    @Schema(name = "InvalidArgument", allOf = CamaraError.class)
    record InvalidArgument(
            @Schema(allowableValues = "INVALID_ARGUMENT") String code) {
    }

    @Schema(name = "Unauthenticated", allOf = CamaraError.class)
    record Unauthenticated(
            @Schema(allowableValues = "UNAUTHENTICATED") String code) {
    }

    @Schema(name = "PermissionDenied", allOf = CamaraError.class)
    record PermissionDenied(
            @Schema(allowableValues = "PERMISSION_DENIED") String code) {
    }

    @Schema(name = "IdentifierNotFound", allOf = CamaraError.class)
    record IdentifierNotFound(
            @Schema(allowableValues = "IDENTIFIER_NOT_FOUND") String code) {
    }

    @Schema(name = "MissingIdentifier", allOf = CamaraError.class)
    record MissingIdentifier(
            @Schema(allowableValues = "MISSING_IDENTIFIER") String code) {
    }

    @Schema(name = "ServiceNotApplicableOrMissingIdentifier", allOf = CamaraError.class)
    record ServiceNotApplicableOrMissingIdentifier(
            @Schema(allowableValues = {"SERVICE_NOT_APPLICABLE", "MISSING_IDENTIFIER"}) String code) {
    }

    @Schema(name = "Unavailable", allOf = CamaraError.class)
    record Unavailable(
            @Schema(allowableValues = "UNAVAILABLE") String code) {
    }
}
