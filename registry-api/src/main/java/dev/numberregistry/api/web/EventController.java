package dev.numberregistry.api.web;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.intake.EventDocument;
import dev.numberregistry.api.intake.EventIntake;
import dev.numberregistry.api.intake.IntakeReport;
import dev.numberregistry.api.intake.PostedDocument;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * For billing systems that cannot speak Kafka: one event as a JSON object, or a batch as an
 * array. The answer says, per event, whether the event log accepted it; events are idempotent
 * by id, so a batch that failed half-way can be sent again whole.
 */
@Controller("/events")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.EVENTS_TAG)
@Secured(RegistryScopes.EVENTS_WRITE)
@SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.EVENTS_WRITE)
class EventController {

    private final EventIntake intake;

    EventController(EventIntake intake) {
        this.intake = intake;
    }

    /** The longest a caller may wait for the registry's verdict. */
    static final Duration MAX_AWAIT = Duration.ofSeconds(30);
    private static final Duration DEFAULT_AWAIT = Duration.ofSeconds(10);

    /**
     * 202 when at least one event was accepted, 422 when none was; the body says which. With
     * {@code await=true} the answer waits (up to {@code timeout}) until the registry has applied
     * or rejected each accepted event, and says which (200).
     */
    @Post(consumes = MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitEvents", summary = "Send one event, or a batch of up to 1,000",
            description = """
                    The events are written to the event log in one Kafka transaction: all of the accepted ones or \
                    none. Each is answered ACCEPTED or REJECTED with a code and reason; events are idempotent by \
                    id, so a batch that failed half-way can be sent again whole. The body is read strictly: \
                    exactly one JSON value in UTF-8, no field named twice, each field of its one JSON type, no \
                    field the event's type does not have.""")
    @ApiResponse(responseCode = "202", description = "At least one event was accepted (the event log has it); "
            + "the body says which", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IntakeReport.class)))
    @ApiResponse(responseCode = "200", description = "With await=true: as 202, and each accepted event's outcome "
            + "(APPLIED, REJECTED or PENDING)", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IntakeReport.class)))
    @ApiResponse(responseCode = "422", description = "No event was accepted: each one's code and reason say why",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntakeReport.class)))
    @ApiResponse(responseCode = "400", description = "BAD_SUBMISSION: the body is not exactly one event or one "
            + "batch of 1 to 1,000 in UTF-8 JSON, or timeout is out of range", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "The body is larger than 8 MB", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<IntakeReport> submit(
            @RequestBody(required = true, description = "One event (an object) or a batch (an array)",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
                            oneOf = {EventDocument.class, EventBatch.class})))
            @Body byte[] body,
            @Parameter(description = "Wait until the registry has applied or rejected each accepted event")
            // @Nullable: without it the API document calls a parameter with a default required.
            @Nullable @QueryValue(defaultValue = "false") boolean await,
            @Parameter(description = "How long to wait with await=true: 10s if absent, at most 30s",
                    schema = @Schema(type = "string", example = "10s"))
            @Nullable @QueryValue Duration timeout) {
        List<PostedDocument> documents = EventBody.read(body);
        Optional<Duration> patience = await ? Optional.of(patience(timeout)) : Optional.empty();
        IntakeReport report = intake.submit(documents, patience);
        HttpStatus status = report.accepted() == 0 ? HttpStatus.UNPROCESSABLE_ENTITY
                : await ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return HttpResponse.status(status).body(report);
    }

    private static Duration patience(Duration requested) {
        if (requested == null) {
            return DEFAULT_AWAIT;
        }
        if (requested.isNegative() || requested.compareTo(MAX_AWAIT) > 0) {
            throw new BadSubmissionException("timeout must be between 0 and " + MAX_AWAIT.toSeconds() + "s");
        }
        return requested;
    }

    /** How the API document shows a batch: the body is read as bytes (EventBody), so nothing else says it. */
    @ArraySchema(schema = @Schema(implementation = EventDocument.class), minItems = 1,
            maxItems = EventIntake.MAX_EVENTS_PER_REQUEST,
            arraySchema = @Schema(description = "A batch of 1 to 1,000 events"))
    static final class EventBatch extends java.util.ArrayList<EventDocument> {
    }

    /** The request as a whole cannot be taken, whatever its events say. */
    static final class BadSubmissionException extends ApiProblemException {
        BadSubmissionException(String message) {
            super(HttpStatus.BAD_REQUEST, "BAD_SUBMISSION", message);
        }
    }
}
