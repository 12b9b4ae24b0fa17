package dev.numberregistry.api.web;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.query.UpcomingDeadlines;
import dev.numberregistry.core.event.EventLimits;
import dev.numberregistry.core.state.NumberStatus;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The ops view of what is coming, day by day: how many numbers reach the end of their state each day. */
@Controller("/deadlines")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.NUMBERS_TAG)
@Secured(RegistryScopes.READ)
@SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.READ)
class DuePerDayController {

    /** A quarter: the range an ops view charts; a longer one would read most of the index. */
    static final Duration LONGEST_RANGE = Duration.ofDays(92);

    private final UpcomingDeadlines upcoming;

    DuePerDayController(UpcomingDeadlines upcoming) {
        this.upcoming = upcoming;
    }

    @Get("/per-day")
    @Operation(operationId = "duePerDay", summary = "How many numbers come due each day",
            description = "The numbers whose validity, grace or quarantine ends in [from, to), counted by UTC day "
                    + "(days with none left out) from the deadline index alone. Each partition reads at most 500,000 "
                    + "entries of its index; past that, completeUntil says up to when the counts are whole, and only "
                    + "the days before its day are listed.")
    @ApiResponse(responseCode = "200", description = "The counts", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PerDay.class)))
    @ApiResponse(responseCode = "400", description = "BAD_QUERY: from or to missing, to not after from, or more "
            + "than 92 days apart", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "NOT_READY, with Retry-After: an instance cannot answer for "
            + "sure right now", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    PerDay perDay(@Parameter(description = "The start of the range", required = true, example = "2030-05-01T00:00:00Z")
                  @Nullable @QueryValue Instant from,
                  @Parameter(description = "The end of the range, exclusive", required = true,
                          example = "2030-05-31T00:00:00Z") @Nullable @QueryValue Instant to,
                  @Parameter(description = "Only numbers in this status (ACTIVE: validity ends; IN_GRACE: grace "
                          + "ends; QUARANTINED: quarantine ends)") @Nullable @QueryValue NumberStatus state) {
        if (from == null || to == null) {
            throw new BadRangeException("from and to are required, e.g. ?from=2030-05-01T00:00:00Z"
                    + "&to=2030-05-31T00:00:00Z");
        }
        if (from.isBefore(EventLimits.EARLIEST_INSTANT) || to.isAfter(EventLimits.END_OF_INSTANTS)) {
            throw new BadRangeException("from and to must lie between " + EventLimits.EARLIEST_INSTANT + " and "
                    + EventLimits.END_OF_INSTANTS + ", the range of every instant the registry keeps");
        }
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(LONGEST_RANGE) > 0) {
            throw new BadRangeException("to must come after from, and at most " + LONGEST_RANGE.toDays()
                    + " days after it");
        }
        UpcomingDeadlines.DuePerDay counted = upcoming.perDay(from, to, Optional.ofNullable(state));
        return new PerDay(from, to, counted.days(), counted.total(), counted.completeUntil());
    }

    @Serdeable
    record PerDay(Instant from, Instant to, List<UpcomingDeadlines.DayCount> days, long total,
                  @Nullable Instant completeUntil) {
    }

    /** A range this endpoint does not count. */
    static final class BadRangeException extends ApiProblemException {
        BadRangeException(String message) {
            super(HttpStatus.BAD_REQUEST, "BAD_QUERY", message);
        }
    }
}
