package dev.numberregistry.api.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.numberregistry.api.Application;
import dev.numberregistry.api.camara.CamaraApis;
import dev.numberregistry.api.config.SecuritySettings;
import dev.numberregistry.api.json.JsonRecords;
import dev.numberregistry.api.json.StrictJson;
import dev.numberregistry.api.json.UnreadableJsonException;
import dev.numberregistry.api.web.ApiProblemException;
import dev.numberregistry.api.web.Problem;
import dev.numberregistry.api.web.RegistryScopes;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code POST /dev/tokens}: a bearer token for the CAMARA endpoints or the carrier's, signed with
 * the registry's random development key. Exists only while development tokens are on (by default: on the
 * embedded broker, with no signing key configured); anyone who can reach it gets any scope.
 */
@Controller("/dev/tokens")
@Requires(condition = DevTokensCondition.class)
@Tag(name = Application.DEV_TOKENS_TAG)
@Secured(SecurityRule.IS_ANONYMOUS)
class DevTokenController {

    static final Duration DEFAULT_VALIDITY = Duration.ofHours(1);

    private final RegistrySigningKey key;
    private final SecuritySettings settings;
    private final Clock clock;

    DevTokenController(RegistrySigningKey key, SecuritySettings settings, Clock clock) {
        this.key = key;
        this.settings = settings;
        this.clock = clock;
    }

    @Post
    @Operation(operationId = "mintDevelopmentToken", summary = "A bearer token for any operation",
            description = "Only where development tokens are on (by default: the embedded broker with no signing key "
                    + "configured; registry.security.dev-tokens); elsewhere 404. Anyone who can reach it gets any "
                    + "scope: never in production. The tokens stop working when the registry stops.")
    @ApiResponse(responseCode = "200", description = "The token (RFC 6749 section 5.1)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_TOKEN_REQUEST: no subject, an unknown scope, a "
            + "validFor out of range, or a body that is not such a JSON object", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<TokenResponse> mint(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TokenRequest.class))) @Body @Nullable byte[] body) {
        TokenRequest request = read(body);
        String subject = request.subject() == null ? "" : request.subject().trim();
        if (subject.isEmpty()) {
            throw new InvalidTokenRequest("subject is required: the client id of the bank or app the token is for");
        }
        List<String> scopes = List.copyOf(new LinkedHashSet<>(request.scopes() == null ? List.of() : request.scopes()));
        List<String> unknown = scopes.stream().filter(scope -> !GrantableScopes.ALL.contains(scope)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidTokenRequest("unknown scope(s) " + unknown + ": the scopes are " + GrantableScopes.ALL);
        }
        Duration validFor = validity(request.validFor());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String token = key.mint(subject, scopes, now, now.plus(validFor));
        return HttpResponse.ok(new TokenResponse(token, "Bearer", validFor.toSeconds(),
                        scopes.isEmpty() ? null : String.join(" ", scopes)))
                .header("Cache-Control", "no-store");
    }

    /** Read as strictly as an event: a malformed body, or a field of the wrong JSON type, says where and what. */
    private static TokenRequest read(@Nullable byte[] body) {
        try {
            // The bytes as they came, so that what is not UTF-8 is refused, not mended.
            return JsonRecords.read(StrictJson.readOne(body == null ? new byte[0] : body), TokenRequest.class);
        } catch (UnreadableJsonException e) {
            throw new InvalidTokenRequest(e.getMessage());
        }
    }

    private Duration validity(@Nullable String validFor) {
        if (validFor == null || validFor.isBlank()) {
            return DEFAULT_VALIDITY;
        }
        Duration duration;
        try {
            duration = Duration.parse(validFor.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidTokenRequest("validFor '" + validFor + "' is not an ISO-8601 duration such as PT1H");
        }
        Duration max = settings.getDevTokenMaxValidity();
        if (duration.toSeconds() < 1 || duration.compareTo(max) > 0) {
            throw new InvalidTokenRequest("validFor must be between PT1S and " + max + " (registry.security.dev-token-max-validity)");
        }
        return duration;
    }

    /** {@code validFor}: an ISO-8601 duration, PT1H when absent. */
    record TokenRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the client id of the bank or app "
                    + "the token is for", example = "bank-a") @Nullable String subject,
            @ArraySchema(schema = @Schema(allowableValues = {CamaraApis.NUMBER_RECYCLING_CHECK, CamaraApis.SIM_SWAP,
                    CamaraApis.SIM_SWAP_CHECK, CamaraApis.SIM_SWAP_RETRIEVE_DATE, RegistryScopes.EVENTS_WRITE,
                    RegistryScopes.READ})) @Nullable List<String> scopes,
            @Schema(description = "an ISO-8601 duration, PT1H if absent, at most "
                    + "registry.security.dev-token-max-validity (1 day by default)", example = "PT1H")
            @Nullable String validFor) {
    }

    /** An OAuth 2.0 token response (RFC 6749 section 5.1). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn,
                         @Nullable String scope) {
    }

    static final class InvalidTokenRequest extends ApiProblemException {
        InvalidTokenRequest(String message) {
            super(HttpStatus.BAD_REQUEST, "INVALID_TOKEN_REQUEST", message);
        }
    }
}
