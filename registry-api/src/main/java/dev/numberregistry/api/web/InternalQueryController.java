package dev.numberregistry.api.web;

import dev.numberregistry.api.query.InternalApi;
import dev.numberregistry.api.query.KeyOwners;
import dev.numberregistry.api.query.LocalStores;
import dev.numberregistry.api.query.UpcomingDeadlines;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.core.state.NumberStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.Optional;

/**
 * The internal query API ({@link InternalApi}): what this instance's own stores hold about the
 * numbers it owns. It never forwards: asked about a number another instance owns (the assignment
 * moved since the caller looked), it answers 503 with Retry-After, and so does the caller.
 */
@Controller(InternalApi.PREFIX)
@ExecuteOn(TaskExecutors.BLOCKING)
class InternalQueryController {

    private final KeyOwners owners;
    private final LocalStores stores;
    private final UpcomingDeadlines upcoming;

    InternalQueryController(KeyOwners owners, LocalStores stores, UpcomingDeadlines upcoming) {
        this.owners = owners;
        this.stores = stores;
        this.upcoming = upcoming;
    }

    @Get("/numbers/{number:[^/]+}/state")
    InternalApi.StateAnswer state(String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        return InternalApi.StateAnswer.of(stores.state(phoneNumber, owners.localPartitionOf(phoneNumber)).orElse(null));
    }

    @Get("/numbers/{number:[^/]+}/history")
    InternalApi.HistoryAnswer history(String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        return InternalApi.HistoryAnswer.of(stores.history(phoneNumber, owners.localPartitionOf(phoneNumber)));
    }

    @Get("/numbers/{number:[^/]+}/rejections")
    InternalApi.RejectionsAnswer rejections(String number) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        return InternalApi.RejectionsAnswer.of(stores.rejections(phoneNumber, owners.localPartitionOf(phoneNumber)));
    }

    /** Event ids may hold a {@code /}: all three are query values. */
    @Get("/outcomes")
    InternalApi.OutcomeAnswer outcome(@QueryValue String eventId, @QueryValue String number, @QueryValue long offset) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        return InternalApi.OutcomeAnswer.of(stores.outcome(eventId, phoneNumber, offset,
                owners.localPartitionOf(phoneNumber)));
    }

    /** The first coming deadlines of the partitions this instance owns (listed in the answer). */
    @Get("/deadlines")
    InternalApi.DeadlinesAnswer deadlines(@QueryValue Instant deadlineBefore, @Nullable @QueryValue NumberStatus state,
                                          @Nullable @QueryValue String after, @QueryValue int limit) {
        return upcoming.local(deadlineBefore, Optional.ofNullable(state), after, limit);
    }
}
