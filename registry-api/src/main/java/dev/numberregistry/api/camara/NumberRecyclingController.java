package dev.numberregistry.api.camara;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.json.JsonKinds;
import dev.numberregistry.core.check.ChangeOfHands;
import dev.numberregistry.core.state.NumberState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * CAMARA Number Recycling v0.2: "has the subscriber of this number changed since this date?",
 * one number at a time as the contract has it, or a batch of up to 1,000 (an extension of the
 * registry's, for banks that re-verify their whole customer base).
 */
@Controller("/number-recycling/v0.2")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.NUMBER_RECYCLING_TAG)
@SecurityRequirement(name = Application.BEARER_TOKEN, scopes = CamaraApis.NUMBER_RECYCLING_CHECK)
class NumberRecyclingController {

    static final int MAX_BATCH = 1000;

    private final RequestedNumbers numbers;
    private final RecyclingCheck recycling;
    private final CamaraRequests requests;
    private final CheckQuotas quotas;

    NumberRecyclingController(RequestedNumbers numbers, RecyclingCheck recycling, CamaraRequests requests,
                              CheckQuotas quotas) {
        this.numbers = numbers;
        this.recycling = recycling;
        this.requests = requests;
        this.quotas = quotas;
    }

    @Post("/check")
    @Operation(operationId = "checkNumberRecycling", parameters = @Parameter(in = ParameterIn.HEADER,
            name = CamaraApis.X_CORRELATOR,
            description = "Correlation id for the different services; sent back on the response",
            schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN,
                    example = "b4333c46-49c0-4f62-80d7-f0ef930f1c46")),
            summary = "Check whether the subscriber of the phone number has "
            + "changed", description = """
                    False while the person who held the number on specifiedDate still holds it; true when the holder \
                    changed since, nobody held it on that date, or nobody holds it now. Dates are UTC calendar days; \
                    nothing is answered about a day before the registry's knowledge of the number begins \
                    (400 OUT_OF_RANGE). A number ported out to another operator is not found.""")
    @CamaraDocumentation.CamaraOperation
    @ApiResponse(responseCode = "200", description = "Whether the subscriber changed since specifiedDate",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CheckResult.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_ARGUMENT: the body, the number or the date is not as "
            + "the contract allows; OUT_OF_RANGE: the date is in the future or before the registry's knowledge of the "
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
    @ApiResponse(responseCode = "422", description = "No phoneNumber: a two-legged token names no subscriber",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CamaraDocumentation.MissingIdentifier.class)))
    HttpResponse<?> check(@RequestBody(required = true, description = "The number and the date",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CheckRequest.class))) @Body @Nullable byte[] body) {
        quotas.take(1);
        CheckRequest request = requests.read(body, CheckRequest.class);
        return HttpResponse.ok(new CheckResult(recycling.recycledSince(request.phoneNumber(), request.specifiedDate())));
    }

    @Post("/check-batch")
    @Operation(operationId = "checkNumberRecyclingBatch", parameters = @Parameter(in = ParameterIn.HEADER,
            name = CamaraApis.X_CORRELATOR,
            description = "Correlation id for the different services; sent back on the response",
            schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN,
                    example = "b4333c46-49c0-4f62-80d7-f0ef930f1c46")),
            summary = "Check up to 1,000 numbers at once (the "
            + "registry's extension)", description = """
                    Not in the CAMARA contract: for re-verifying a customer base. Each check is answered RECYCLED, \
                    NOT_RECYCLED, NO_DATA (the registry does not know the number, or not on that date) or INVALID \
                    with a message (the check itself is wrong; the others are still answered).""")
    @CamaraDocumentation.CamaraOperation
    @ApiResponse(responseCode = "200", description = "One result per check, in the order of the checks",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BatchResponse.class)))
    @ApiResponse(responseCode = "400", description = "The body is not a batch of 1 to 1,000 checks",
            headers = @Header(name = CamaraApis.X_CORRELATOR,
                    schema = @Schema(type = "string", pattern = CamaraApis.X_CORRELATOR_PATTERN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CamaraDocumentation.InvalidArgument.class)))
    HttpResponse<?> checkBatch(@RequestBody(required = true, description = "The checks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BatchRequest.class))) @Body @Nullable byte[] body) {
        BatchRequest request = requests.read(body, BatchRequest.class);
        if (request.checks() == null || request.checks().isEmpty()) {
            throw new CamaraException(CamaraError.invalidArgument("checks must hold 1 to " + MAX_BATCH + " checks."));
        }
        if (request.checks().size() > MAX_BATCH) {
            throw new CamaraException(CamaraError.invalidArgument("checks holds " + request.checks().size()
                    + " checks; at most " + MAX_BATCH + " are taken at once."));
        }
        quotas.take(request.checks().size());
        return HttpResponse.ok(new BatchResponse(answer(request.checks())));
    }

    /**
     * Every check of a batch, in its order: each is read on its own (a bad one gets its own
     * INVALID answer, the others go on), then the numbers of all are looked up together, those
     * another instance owns with one request to each owner.
     */
    private List<BatchResult> answer(List<JsonNode> checks) {
        List<BatchResult> results = new ArrayList<>(Collections.nCopies(checks.size(), null));
        List<Integer> toLookUp = new ArrayList<>();
        List<CheckRequest> readChecks = new ArrayList<>();
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            JsonNode json = checks.get(i);
            if (json == null || !json.isObject()) {
                results.set(i, BatchResult.invalid(null, null, "a check must be an object with phoneNumber and "
                        + "specifiedDate" + (json == null || json.isNull() ? "" : ", not " + JsonKinds.of(json))));
                continue;
            }
            CheckRequest check;
            try {
                check = requests.of(json, CheckRequest.class);
            } catch (CamaraException e) {
                results.set(i, BatchResult.invalid(null, null, e.error().code() + ": " + e.error().message()));
                continue;
            }
            try {
                CamaraRequests.requireContractForm(check.phoneNumber());
                dates.add(recycling.dateOf(check.specifiedDate()));
                readChecks.add(check);
                toLookUp.add(i);
            } catch (CamaraException e) {
                results.set(i, invalid(check, e));
            }
        }
        List<RequestedNumbers.Lookup> lookups = numbers.statesOf(readChecks.stream().map(CheckRequest::phoneNumber).toList());
        for (int j = 0; j < toLookUp.size(); j++) {
            results.set(toLookUp.get(j), resultOf(readChecks.get(j), dates.get(j), lookups.get(j)));
        }
        return results;
    }

    private static BatchResult resultOf(CheckRequest check, LocalDate date, RequestedNumbers.Lookup lookup) {
        if (lookup.invalid().isPresent()) {
            return invalid(check, lookup.invalid().get());
        }
        Optional<NumberState> state = lookup.state();
        String result = state.isEmpty() || !ChangeOfHands.canAnswerFor(state.get(), date) ? BatchResult.NO_DATA
                : ChangeOfHands.since(state.get(), date) ? BatchResult.RECYCLED : BatchResult.NOT_RECYCLED;
        return new BatchResult(check.phoneNumber(), check.specifiedDate(), result, null);
    }

    private static BatchResult invalid(CheckRequest check, CamaraException why) {
        return BatchResult.invalid(check.phoneNumber(), check.specifiedDate(), why.error().code() + ": "
                + why.error().message());
    }

    /**
     * {@code CreateCheckNumRecycling} in the contract. The date is read as text, so that a malformed
     * one gets the contract's INVALID_ARGUMENT.
     */
    @Schema(name = "CreateCheckNumRecycling", description = "A number, and the date from which to check it")
    record CheckRequest(
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = CamaraApis.PHONE_NUMBER_PATTERN,
                    description = "The number in E.164 form with its +", example = "+123456789")
            String phoneNumber,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date", description = "The date to check "
                    + "from, an RFC 3339 calendar date (YYYY-MM-DD)", example = "2024-10-31")
            String specifiedDate) {
    }

    /** {@code CheckNumRecyclingInfo} in the contract. */
    @Serdeable
    @Schema(name = "CheckNumRecyclingInfo")
    record CheckResult(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "true when the subscriber of the "
                    + "number changed after specifiedDate") boolean phoneNumberRecycled) {
    }

    /** Each check is read on its own, so that a check of the wrong shape is answered INVALID and the others go on. */
    @Schema(name = "CheckNumRecyclingBatch")
    record BatchRequest(
            @ArraySchema(minItems = 1, maxItems = MAX_BATCH, schema = @Schema(implementation = CheckRequest.class))
            List<JsonNode> checks) {
    }

    @Serdeable
    @Schema(name = "NumRecyclingBatchResults")
    record BatchResponse(List<BatchResult> results) {
    }

    /**
     * One answer of a batch, in the spirit of the US Reassigned Numbers Database: RECYCLED (the
     * holder changed since the date), NOT_RECYCLED, NO_DATA (the registry does not know the
     * number), or INVALID (the check itself is wrong; {@code message} says how).
     */
    @Serdeable
    @Schema(name = "NumRecyclingBatchResult")
    record BatchResult(
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String phoneNumber,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String specifiedDate,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {RECYCLED, NOT_RECYCLED, NO_DATA, INVALID}) String result,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "with INVALID: what is wrong "
                    + "with the check") String message) {
        static final String RECYCLED = "RECYCLED";
        static final String NOT_RECYCLED = "NOT_RECYCLED";
        static final String NO_DATA = "NO_DATA";
        static final String INVALID = "INVALID";

        static BatchResult invalid(String phoneNumber, String specifiedDate, String message) {
            return new BatchResult(phoneNumber, specifiedDate, INVALID, message);
        }
    }
}
