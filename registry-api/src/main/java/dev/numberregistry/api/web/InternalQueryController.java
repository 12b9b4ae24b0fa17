package dev.numberregistry.api.web;

import dev.numberregistry.api.query.InternalApi;
import dev.numberregistry.api.query.NumberQueries;
import dev.numberregistry.api.query.NumberRecords;
import dev.numberregistry.api.query.UpcomingDeadlines;
import dev.numberregistry.core.state.NumberStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Instant;
import java.util.Optional;

/**
 * The internal query API ({@link InternalApi}): what this instance's own stores hold about the
 * numbers it owns. It never forwards: asked about a number another instance owns (the assignment
 * moved since the caller looked), it answers 503 with Retry-After, and so does the caller.
 */
@Controller(InternalApi.PREFIX)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden // Between instances of one build, changed with it (see the README): no contract for anyone else.
@Secured(RegistryScopes.INTERNAL)
class InternalQueryController {

    private final NumberQueries queries;
    private final UpcomingDeadlines upcoming;

    InternalQueryController(NumberQueries queries, UpcomingDeadlines upcoming) {
        this.queries = queries;
        this.upcoming = upcoming;
    }

    /** A number's records in one store (see {@link NumberRecords}). */
    @Get("/stores/{store}/numbers/{number:[^/]+}")
    InternalApi.RecordsAnswer records(String store, String number) {
        NumberRecords<?> kind = NumberRecords.inStore(store).orElseThrow(() -> new UnknownStoreException(store));
        return queries.recordsAsOwner(kind, PathNumbers.parse(number));
    }

    /**
     * The records of each of a batch's numbers in one store, in the order asked: all of them, or
     * 503 if this instance owns any of them no longer.
     */
    @Post("/stores/{store}/numbers")
    InternalApi.RecordsOfEachAnswer recordsOfEach(String store, @Body InternalApi.NumbersQuestion question) {
        NumberRecords<?> kind = NumberRecords.inStore(store).orElseThrow(() -> new UnknownStoreException(store));
        if (question.numbers().size() > InternalApi.MAX_NUMBERS_ASKED) {
            throw new TooManyNumbersException(question.numbers().size());
        }
        return queries.recordsOfEachAsOwner(kind, question.numbers().stream().map(PathNumbers::parse).toList());
    }

    /** Event ids may hold a {@code /}: all three are query values. */
    @Get("/outcomes")
    InternalApi.OutcomeAnswer outcome(@QueryValue String eventId, @QueryValue String number, @QueryValue long offset) {
        return queries.outcomeAsOwner(eventId, PathNumbers.parse(number), offset);
    }

    /** The first coming deadlines of the partitions this instance owns (listed in the answer). */
    @Get("/deadlines")
    InternalApi.DeadlinesAnswer deadlines(@QueryValue Instant deadlineBefore, @Nullable @QueryValue NumberStatus state,
                                          @Nullable @QueryValue String after, @QueryValue int limit) {
        return upcoming.local(deadlineBefore, Optional.ofNullable(state), after, limit);
    }

    /** The ends per day in the partitions this instance owns (listed in the answer). */
    @Get("/deadlines/per-day")
    InternalApi.DuePerDayAnswer deadlinesPerDay(@QueryValue Instant from, @QueryValue Instant to,
                                                @Nullable @QueryValue NumberStatus state) {
        return upcoming.localPerDay(from, to, Optional.ofNullable(state));
    }

    /** More numbers than one question may hold. */
    static final class TooManyNumbersException extends ApiProblemException {
        TooManyNumbersException(int asked) {
            super(HttpStatus.BAD_REQUEST, "TOO_MANY_NUMBERS", asked + " numbers asked at once; at most "
                    + InternalApi.MAX_NUMBERS_ASKED);
        }
    }

    /** A store that keeps no records per number, or no store at all. */
    static final class UnknownStoreException extends ApiProblemException {
        UnknownStoreException(String store) {
            super(HttpStatus.NOT_FOUND, "UNKNOWN_STORE", "no store of this registry keeps records per number under the "
                    + "name " + store);
        }
    }
}
