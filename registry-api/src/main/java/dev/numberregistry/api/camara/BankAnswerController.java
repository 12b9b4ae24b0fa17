package dev.numberregistry.api.camara;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.web.PathNumbers;
import dev.numberregistry.api.web.Problem;
import dev.numberregistry.api.web.RegistryScopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * For ops: what CAMARA Number Recycling would tell a bank that asked today whether a number changed
 * hands since a date (the console asks it for a day picked on the number's timeline). The answer
 * is the check's own ({@link RecyclingCheck}), refusals included, with the status a bank would get;
 * asking costs no bank's quota and leaves no trace in the audit trail, which records banks' requests.
 */
@Controller("/numbers")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.NUMBERS_TAG)
@Secured(RegistryScopes.READ)
@SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.READ)
class BankAnswerController {

    private final RecyclingCheck recycling;

    BankAnswerController(RecyclingCheck recycling) {
        this.recycling = recycling;
    }

    @Get("/{number:[^/]+}/bank-answer")
    @Operation(operationId = "bankAnswer", summary = "What a bank asking CAMARA Number Recycling would be told",
            description = "The status and body POST /number-recycling/v0.2/check would answer now for the number "
                    + "and date: {phoneNumberRecycled} with 200, or the contract's error (OUT_OF_RANGE, "
                    + "INVALID_ARGUMENT, NOT_FOUND...) with its status.")
    @ApiResponse(responseCode = "200", description = "The answer a bank would get", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BankAnswer.class)))
    @ApiResponse(responseCode = "400", description = "INVALID_NUMBER: the path does not name a valid phone number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    BankAnswer answer(@Parameter(description = "The number in E.164 form; the leading + may be left out",
                              example = "+14155552671") String number,
                      @Parameter(description = "The date the bank asks about (YYYY-MM-DD)", example = "2030-03-01")
                      @Nullable @QueryValue String date) {
        String e164 = PathNumbers.parse(number).e164();
        try {
            NumberRecyclingController.CheckResult result =
                    new NumberRecyclingController.CheckResult(recycling.recycledSince(e164, date));
            return new BankAnswer(e164, date, 200, result);
        } catch (CamaraException refused) {
            return new BankAnswer(e164, date, refused.error().status(), refused.error());
        }
    }

    /**
     * @param status what the bank's answer would carry
     * @param answer its body: {@code {"phoneNumberRecycled": ...}} or the contract's error
     */
    @Serdeable
    record BankAnswer(String number, @Nullable String specifiedDate, int status,
                      @Schema(oneOf = {NumberRecyclingController.CheckResult.class, CamaraError.class}) Object answer) {
    }
}
