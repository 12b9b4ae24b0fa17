package dev.numberregistry.api.camara;

import dev.numberregistry.api.Application;
import dev.numberregistry.core.check.SimChanges;
import dev.numberregistry.core.state.NumberState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * CAMARA SIM Swap v2.1: has the number moved to another SIM card lately, and when did it last?
 * The registry learns of SIM changes from SimChanged events; an assignment, a reassignment and a
 * recovery also bind the number to a new SIM. Its monitoring begins with the number's coverage
 * (see {@link SimChanges}): a number imported without its latest SIM change is answered for from
 * its coverage date only.
 */
@Controller("/sim-swap/v2")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.SIM_SWAP_TAG)
class SimSwapController {

    static final int MIN_MAX_AGE_HOURS = 1;
    static final int MAX_MAX_AGE_HOURS = 2400;
    static final int DEFAULT_MAX_AGE_HOURS = 240;

    private final RequestedNumbers numbers;
    private final CamaraRequests requests;
    private final CheckQuotas quotas;
    private final Clock clock;

    SimSwapController(RequestedNumbers numbers, CamaraRequests requests, CheckQuotas quotas, Clock clock) {
        this.numbers = numbers;
        this.requests = requests;
        this.quotas = quotas;
        this.clock = clock;
    }

    @Post("/check")
    @Operation(operationId = "checkSimSwap", parameters = @Parameter(in = ParameterIn.HEADER,
            name = CamaraApis.X_CORRELATOR,
            description = "Correlation id for the different services; sent back on the response",
            schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN,
                    example = "b4333c46-49c0-4f62-80d7-f0ef930f1c46")),
            summary = "Check SIM swap", description = """
            Whether the number moved to a new SIM card within maxAge hours. An assignment, reassignment or \
            recovery counts as a SIM change. A maxAge reaching back before the registry's knowledge of the \
            number's SIM changes is 400 OUT_OF_RANGE, whose message says the largest it can answer for.""")
    @SecurityRequirement(name = Application.BEARER_TOKEN, scopes = CamaraApis.SIM_SWAP_CHECK)
    @SecurityRequirement(name = Application.BEARER_TOKEN, scopes = CamaraApis.SIM_SWAP)
    @CamaraDocumentation.CamaraOperation
    @ApiResponse(responseCode = "200", description = "Whether a SIM swap happened within maxAge hours",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CheckResult.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_ARGUMENT: the body or the number is not as the contract "
            + "allows; OUT_OF_RANGE: maxAge is not 1 to 2400, or reaches back before the registry's knowledge of the "
            + "number",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CamaraDocumentation.InvalidArgumentOrOutOfRange.class)))
    @ApiResponse(responseCode = "404", description = "The registry does not know the number, or it was ported out",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CamaraDocumentation.IdentifierNotFound.class)))
    @ApiResponse(responseCode = "422", description = "SERVICE_NOT_APPLICABLE: nobody holds the number; "
            + "MISSING_IDENTIFIER: no phoneNumber",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CamaraDocumentation.ServiceNotApplicableOrMissingIdentifier.class)))
    HttpResponse<?> check(@RequestBody(required = true, description = "The number and the period",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CheckRequest.class))) @Body @Nullable byte[] body) {
        quotas.take(1);
        CheckRequest request = requests.read(body, CheckRequest.class);
        long maxAge = request.maxAge() == null ? DEFAULT_MAX_AGE_HOURS : request.maxAge();
        if (maxAge < MIN_MAX_AGE_HOURS || maxAge > MAX_MAX_AGE_HOURS) {
            throw new CamaraException(CamaraError.of(HttpStatus.BAD_REQUEST, "OUT_OF_RANGE",
                    "maxAge must be between " + MIN_MAX_AGE_HOURS + " and " + MAX_MAX_AGE_HOURS + " hours."));
        }
        NumberState state = heldNumber(request.phoneNumber());
        Instant since = clock.instant().minus(Duration.ofHours(maxAge));
        Optional<Boolean> swapped = SimChanges.changedSince(state, since);
        if (swapped.isEmpty()) {
            throw beforeMonitoring(since, state.coveredFrom());
        }
        return HttpResponse.ok(new CheckResult(swapped.get()));
    }

    @Post("/retrieve-date")
    @Operation(operationId = "retrieveSimSwapDate", parameters = @Parameter(in = ParameterIn.HEADER,
            name = CamaraApis.X_CORRELATOR,
            description = "Correlation id for the different services; sent back on the response",
            schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN,
                    example = "b4333c46-49c0-4f62-80d7-f0ef930f1c46")),
            summary = "Retrieve SIM swap date", description = """
            When the number last moved to a new SIM card. For a number whose latest change the registry does not \
            know (imported without it), latestSimChange is null and monitoredPeriod says for how many days it has \
            seen none.""")
    @SecurityRequirement(name = Application.BEARER_TOKEN, scopes = CamaraApis.SIM_SWAP_RETRIEVE_DATE)
    @SecurityRequirement(name = Application.BEARER_TOKEN, scopes = CamaraApis.SIM_SWAP)
    @CamaraDocumentation.CamaraOperation
    @ApiResponse(responseCode = "200", description = "The latest SIM change",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SimSwapInfo.class)))
    @ApiResponse(responseCode = "400", description = "The body or the number is not as the contract allows",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CamaraDocumentation.InvalidArgument.class)))
    @ApiResponse(responseCode = "404", description = "The registry does not know the number, or it was ported out",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CamaraDocumentation.IdentifierNotFound.class)))
    @ApiResponse(responseCode = "422", description = "SERVICE_NOT_APPLICABLE: nobody holds the number; "
            + "MISSING_IDENTIFIER: no phoneNumber",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CamaraDocumentation.ServiceNotApplicableOrMissingIdentifier.class)))
    HttpResponse<?> retrieveDate(@RequestBody(required = true, description = "The number",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RetrieveDateRequest.class))) @Body @Nullable byte[] body) {
        quotas.take(1);
        RetrieveDateRequest request = requests.read(body, RetrieveDateRequest.class);
        NumberState state = heldNumber(request.phoneNumber());
        Optional<Instant> latest = SimChanges.latestKnown(state);
        // None known within the coverage: the contract's monitoredPeriod says for how many days
        // the registry has seen none.
        Integer monitoredDays = latest.isPresent() || state.coveredFrom() == null ? null
                : (int) Duration.between(state.coveredFrom(), clock.instant()).toDays();
        return HttpResponse.ok(new SimSwapInfo(latest.map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null),
                monitoredDays));
    }

    private CamaraException beforeMonitoring(Instant since, Instant knownFrom) {
        long hours = Duration.between(knownFrom, clock.instant()).toHours();
        return new CamaraException(CamaraError.of(HttpStatus.BAD_REQUEST, "OUT_OF_RANGE", "maxAge reaches back to "
                + since + ", before " + knownFrom + ", from when the registry knows this number's SIM changes; "
                + (hours >= MIN_MAX_AGE_HOURS ? "ask with a maxAge of at most " + hours + " hours."
                : "it can answer from " + knownFrom.plus(Duration.ofHours(MIN_MAX_AGE_HOURS)) + " on.")));
    }

    /** A number nobody holds has no SIM: the service does not apply to it. */
    private NumberState heldNumber(String phoneNumber) {
        NumberState state = numbers.stateOf(phoneNumber).orElseThrow(CamaraRequests::notFound);
        if (state.holder() == null) {
            throw new CamaraException(CamaraError.of(HttpStatus.UNPROCESSABLE_ENTITY, "SERVICE_NOT_APPLICABLE",
                    "The service is not available for the provided phone number: nobody holds it."));
        }
        return state;
    }

    /**
     * {@code CreateCheckSimSwap} in the contract: maxAge in hours, 1 to 2400, 240 if absent. Read as
     * a whole number of any size, so that a huge one gets the contract's OUT_OF_RANGE.
     */
    @Schema(name = "CreateCheckSimSwap")
    record CheckRequest(
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = CamaraApis.PHONE_NUMBER_PATTERN,
                    description = "The number in E.164 form with its +", example = "+346661113334")
            String phoneNumber,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "integer", format = "int32",
                    minimum = "1", maximum = "2400", defaultValue = "240", example = "240",
                    description = "The period to check, in hours") Long maxAge) {
    }

    @Serdeable
    @Schema(name = "CheckSimSwapInfo")
    record CheckResult(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Whether the SIM card was swapped "
                    + "within maxAge hours") boolean swapped) {
    }

    /** {@code CreateSimSwapDate} in the contract. */
    @Schema(name = "CreateSimSwapDate")
    record RetrieveDateRequest(
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = CamaraApis.PHONE_NUMBER_PATTERN,
                    description = "The number in E.164 form with its +", example = "+346661113334")
            String phoneNumber) {
    }

    /**
     * {@code SimSwapInfo}: latestSimChange is required and may be null; monitoredPeriod (days) is
     * sent only when no change is known, for a number the registry has not seen all along.
     */
    @Serdeable
    @Schema(name = "SimSwapInfo", description = "The latest SIM change the registry knows of")
    record SimSwapInfo(@com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "When the "
                               + "number last moved to a new SIM (RFC 3339, with its offset); null when unknown")
                       OffsetDateTime latestSimChange,
                       @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                       @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "integer", format = "",
                               description = "With a null latestSimChange: for how many days the registry has seen "
                                       + "no SIM change", example = "120")
                       Integer monitoredPeriod) {
    }
}
