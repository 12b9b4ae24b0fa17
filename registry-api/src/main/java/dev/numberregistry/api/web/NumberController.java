package dev.numberregistry.api.web;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.intake.EventDocument;
import dev.numberregistry.api.intake.EventDocuments;
import dev.numberregistry.api.query.NumberQueries;
import dev.numberregistry.api.query.RefusedEvents;
import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.schema.NumberEvent;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.RejectedEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The ops view of one number: its current state, every event that made it, what was refused, what comes. */
@Controller("/numbers")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.NUMBERS_TAG)
@ApiResponse(responseCode = "400", description = "INVALID_NUMBER: the path does not name a valid phone number",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "UNKNOWN_NUMBER: the registry has no event about the number",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "NOT_READY, with Retry-After: the registry cannot answer for sure "
        + "right now (starting, restoring, rebalancing, or the number's owner out of reach)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Secured(RegistryScopes.READ)
@SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.READ)
class NumberController {

    private final NumberQueries queries;
    private final Deadlines deadlines;
    private final RefusedEvents refused;

    NumberController(NumberQueries queries, PolicyBook policies, RefusedEvents refused) {
        this.queries = queries;
        this.deadlines = new Deadlines(policies);
        this.refused = refused;
    }

    /** See {@link PathNumbers}. */
    static final String NUMBER_IN_PATH = "The number in E.164 form; the leading + may be left out or written %2B";

    @Get("/{number:[^/]+}")
    @Operation(operationId = "numberState", summary = "A number's current state")
    @ApiResponse(responseCode = "200", description = "The state", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NumberState.class)))
    NumberState state(@Parameter(description = NUMBER_IN_PATH, example = "+14155552671") String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        return queries.state(phoneNumber).orElseThrow(() -> new NumberNotFoundException(phoneNumber.e164()));
    }

    @Get("/{number:[^/]+}/history")
    @Operation(operationId = "numberHistory", summary = "Every event applied to a number, oldest first")
    @ApiResponse(responseCode = "200", description = "The applied events", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = History.class)))
    History history(@Parameter(description = NUMBER_IN_PATH, example = "+14155552671") String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        List<EventDocument> events = queries.history(phoneNumber).stream().map(EventDocuments::fromDomain).toList();
        if (events.isEmpty()) {
            throw new NumberNotFoundException(phoneNumber.e164());
        }
        return new History(phoneNumber.e164(), events);
    }

    /** What was refused about the number, and why; 404 only if the registry never heard of it. */
    @Get("/{number:[^/]+}/rejections")
    @Operation(operationId = "numberRejections", summary = "What was refused about a number, and why",
            description = "Events the intake or the lifecycle refused, oldest first; 404 only if the registry "
                    + "never heard of the number.")
    @ApiResponse(responseCode = "200", description = "The refusals", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Rejections.class)))
    Rejections rejections(@Parameter(description = NUMBER_IN_PATH, example = "+14155552671") String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        List<Rejection> rejections = queries.rejections(phoneNumber).stream()
                .map(rejected -> Rejection.of(rejected, refused.eventIn(rejected).map(NumberEvent::getOccurredAt)))
                .toList();
        if (rejections.isEmpty() && queries.state(phoneNumber).isEmpty()) {
            throw new NumberNotFoundException(phoneNumber.e164());
        }
        return new Rejections(phoneNumber.e164(), rejections);
    }

    /**
     * What time will do to the number unless an event comes first, and the reminders it was sent:
     * the pending deadlines are the lifecycle's own ({@link Deadlines}), worked out from the state
     * as the registry works them out when it indexes them.
     */
    @Get("/{number:[^/]+}/deadlines")
    @Operation(operationId = "numberDeadlines", summary = "A number's deadlines ahead and the reminders it was sent",
            description = "The deadlines pending now, soonest first (validity end, grace end, quarantine end, and the "
                    + "reminders before them), and the latest 50 reminders sent, oldest first.")
    @ApiResponse(responseCode = "200", description = "The deadlines and reminders", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NumberDeadlines.class)))
    NumberDeadlines deadlines(@Parameter(description = NUMBER_IN_PATH, example = "+14155552671") String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        NumberState state = queries.state(phoneNumber)
                .orElseThrow(() -> new NumberNotFoundException(phoneNumber.e164()));
        List<Ahead> ahead = deadlines.of(state).stream().map(Ahead::of).toList();
        List<ReminderSent> sent = queries.remindersSent(phoneNumber).stream().map(ReminderSent::of).toList();
        return new NumberDeadlines(phoneNumber.e164(), ahead, sent);
    }

    /** A number's deadlines ahead, soonest first, and its latest reminders sent, oldest first. */
    @Serdeable
    record NumberDeadlines(String number, List<Ahead> ahead, List<ReminderSent> remindersSent) {
    }

    /**
     * One deadline ahead.
     *
     * @param ends     for a reminder, the end it reminds of; else {@code at}
     * @param leadTime for a reminder, how long before the end it is due (ISO-8601); else PT0S
     */
    @Serdeable
    record Ahead(DeadlineKind kind, Instant at, Instant ends, String leadTime) {
        static Ahead of(Deadline deadline) {
            return new Ahead(deadline.kind(), deadline.at(), deadline.ends(), deadline.leadTime().toString());
        }
    }

    /** A reminder to top up that went to the reminders topic. */
    @Serdeable
    record ReminderSent(String reminderId, String kind, Instant endsAt, String leadTime, Instant remindAt) {
        static ReminderSent of(NumberReminder reminder) {
            return new ReminderSent(reminder.getReminderId(), reminder.getKind().name(), reminder.getEndsAt(),
                    reminder.getLeadTime(), reminder.getRemindAt());
        }
    }

    /** A number's applied events, oldest first. */
    @Serdeable
    record History(String number, List<EventDocument> events) {
    }

    /** A number's refused events, oldest first. */
    @Serdeable
    record Rejections(String number, List<Rejection> rejections) {
    }

    /**
     * One refused event: its id and type if it could be read, the reason, and where it came from.
     *
     * @param occurredAt the refused event's business time, when its record could be read as an event
     */
    @Serdeable
    record Rejection(@Nullable String eventId, @Nullable String eventType, String code, String reason, String origin,
                     Instant rejectedAt, @Nullable Instant occurredAt) {
        static Rejection of(RejectedEvent rejected, Optional<Instant> occurredAt) {
            return new Rejection(rejected.getEventId(), rejected.getEventType(), rejected.getReasonCode(),
                    rejected.getReason(), rejected.getOrigin(), rejected.getRejectedAt(), occurredAt.orElse(null));
        }
    }
}
