package dev.numberregistry.api.web;

import dev.numberregistry.api.query.AuditQueries;
import dev.numberregistry.api.query.InternalApi;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Instant;

/**
 * The internal query API's part for the audit trail: a page of a key's records in one of the
 * trail's indexes, from this instance's stores only. Like the rest of the internal API it never
 * forwards: asked about a key another instance owns, it answers 503.
 */
@Controller(InternalApi.PREFIX)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden // Between instances of one build, changed with it: no contract for anyone else.
@Secured(RegistryScopes.INTERNAL)
class InternalAuditController {

    private final AuditQueries queries;

    InternalAuditController(AuditQueries queries) {
        this.queries = queries;
    }

    /** The key is a query value: a client id may hold a / that no path segment keeps. */
    @Get("/audit/{store}")
    InternalApi.RecordsAnswer records(String store, @QueryValue String key, @QueryValue Instant from,
                                      @QueryValue Instant to, @QueryValue int skip, @QueryValue int limit) {
        if (!AuditQueries.isIndex(store)) {
            throw new InternalQueryController.UnknownStoreException(store);
        }
        return queries.recordsAsOwner(store, key, from, to, skip, limit);
    }
}
