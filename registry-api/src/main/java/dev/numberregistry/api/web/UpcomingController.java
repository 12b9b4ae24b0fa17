package dev.numberregistry.api.web;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.query.UpcomingDeadlines;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.event.EventLimits;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.streams.DeadlineIndex;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The ops view of what is coming: which numbers reach a deadline before a time (what will be recycled this week). */
@Controller("/numbers")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.NUMBERS_TAG)
@Secured(RegistryScopes.READ)
@SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.READ)
class UpcomingController {

    private static final int MAX_LIMIT = 1000;

    private final UpcomingDeadlines upcoming;

    UpcomingController(UpcomingDeadlines upcoming) {
        this.upcoming = upcoming;
    }

    @Get
    @Operation(operationId = "upcomingDeadlines", summary = "The numbers whose next deadline falls before a time",
            description = "Soonest first: validity ends, grace ends and quarantine ends. Reads the deadline index, "
                    + "never all numbers.")
    @ApiResponse(responseCode = "200", description = "A page", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Page.class)))
    @ApiResponse(responseCode = "400", description = "BAD_QUERY: deadlineBefore missing or out of range, limit out "
            + "of range, or an after the API did not give out", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "NOT_READY, with Retry-After: an instance cannot answer for "
            + "sure right now", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    Page list(@Parameter(description = "Only numbers in this status (ACTIVE: validity ends; IN_GRACE: grace ends; "
                      + "QUARANTINED: quarantine ends)") @Nullable @QueryValue NumberStatus state,
              @Parameter(description = "The time the deadlines fall before", required = true,
                      example = "2030-06-01T00:00:00Z") @Nullable @QueryValue Instant deadlineBefore,
              @Parameter(description = "At most this many numbers, 1 to 1,000",
                      schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "1000",
                              defaultValue = "100"))
              // @Nullable: without it the API document calls a parameter with a default required.
              @Nullable @QueryValue(defaultValue = "100") int limit,
              @Parameter(description = "The next of the previous page") @Nullable @QueryValue String after) {
        if (deadlineBefore == null) {
            throw new BadQueryException("deadlineBefore is required: the numbers whose next deadline falls before "
                    + "it are listed, e.g. ?deadlineBefore=2030-06-01T00:00:00Z");
        }
        // An exclusive bound itself: END_OF_INSTANTS, the first instant no deadline can have, is the last one that
        // means something.
        if (deadlineBefore.isBefore(EventLimits.EARLIEST_INSTANT) || deadlineBefore.isAfter(EventLimits.END_OF_INSTANTS)) {
            throw new BadQueryException("deadlineBefore must lie between " + EventLimits.EARLIEST_INSTANT + " and "
                    + EventLimits.END_OF_INSTANTS + ", the range of every instant the registry keeps");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadQueryException("limit must be between 1 and " + MAX_LIMIT);
        }
        List<UpcomingDeadlines.Upcoming> found = upcoming.before(deadlineBefore, Optional.ofNullable(state),
                after == null ? null : decode(after), limit);
        List<Item> items = found.stream()
                .map(u -> new Item(u.number(), u.status(), u.kind(), u.deadline())).toList();
        String next = found.size() == limit ? encode(found.get(found.size() - 1).key()) : null;
        return new Page(items, next);
    }

    /** A page of coming deadlines, soonest first; {@code next} is absent on the last page. */
    @Serdeable
    record Page(List<Item> items, @Nullable String next) {
    }

    @Serdeable
    record Item(String number, NumberStatus status, DeadlineKind deadlineKind, Instant deadline) {
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            DeadlineIndex.timeOf(key);
            return key;
        } catch (IllegalArgumentException e) {
            throw new BadQueryException("after is not a cursor this API gave out");
        }
    }

    /** A query this endpoint cannot answer as asked. */
    static final class BadQueryException extends ApiProblemException {
        BadQueryException(String message) {
            super(HttpStatus.BAD_REQUEST, "BAD_QUERY", message);
        }
    }
}
