package dev.numberregistry.api.web;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.config.AuditSettings;
import dev.numberregistry.api.query.AuditQueries;
import dev.numberregistry.core.number.PhoneNumber;
import dev.numberregistry.streams.audit.AuditRecord;
import dev.numberregistry.streams.audit.AuditRecordSerde;
import dev.numberregistry.streams.audit.AuditStores;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The ops view of the audit trail: who asked about a number and what they were told, and what a
 * client asked on a day. Any instance answers; the instance that owns the number, or the client,
 * reads its index. Nothing older than the retention is shown.
 */
@Controller("/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.AUDIT_TAG)
@ApiResponse(responseCode = "400", description = "INVALID_NUMBER: the path does not name a valid phone number; "
        + "BAD_QUERY: a time, a date, limit or offset out of range",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "NOT_READY, with Retry-After: the registry cannot answer for sure "
        + "right now (starting, restoring, rebalancing, or the index's owner out of reach)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Secured(RegistryScopes.AUDIT_READ)
@SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.AUDIT_READ)
class AuditController {

    private static final int MAX_LIMIT = 1000;
    private static final String LIMIT = "At most this many records, 1 to 1,000";
    private static final String OFFSET = "Leave out this many of the first records: the next of the previous page";

    private final AuditQueries queries;
    private final Duration retention;
    private final Clock clock;
    private final JsonMapper json;

    AuditController(AuditQueries queries, AuditSettings settings, Clock clock, JsonMapper json) {
        this.queries = queries;
        this.retention = settings.getRetention();
        this.clock = clock;
        this.json = json;
    }

    @Get("/numbers/{number:[^/]+}")
    @Operation(operationId = "auditOfNumber", summary = "Who asked about a number, and what they were told",
            description = "Every CAMARA request that named the number, oldest first, from any client: a batch's "
                    + "answer shows only this number's result.")
    @ApiResponse(responseCode = "200", description = "A page of the records", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NumberAudit.class)))
    NumberAudit ofNumber(@Parameter(description = NumberController.NUMBER_IN_PATH, example = "+14155552671")
                         String number,
                         @Parameter(description = "From this time on (default: as far back as the trail is kept)",
                                 example = "2030-04-01T00:00:00Z") @Nullable @QueryValue Instant from,
                         @Parameter(description = "Up to this time, included (default: now)",
                                 example = "2030-05-01T00:00:00Z") @Nullable @QueryValue Instant to,
                         @Parameter(description = LIMIT, schema = @Schema(type = "integer", format = "int32",
                                 minimum = "1", maximum = "1000", defaultValue = "100"))
                         @Nullable @QueryValue(defaultValue = "100") int limit,
                         @Parameter(description = OFFSET, schema = @Schema(type = "integer", format = "int32",
                                 minimum = "0", defaultValue = "0"))
                         @Nullable @QueryValue(defaultValue = "0") int offset) {
        PhoneNumber phoneNumber = PathNumbers.parse(number);
        Instant now = clock.instant();
        Instant until = to == null ? now : to;
        Instant since = from == null ? now.minus(retention) : from;
        if (since.isAfter(until)) {
            throw new UpcomingController.BadQueryException("from (" + since + ") is after to (" + until + ")");
        }
        Page page = page(AuditStores.BY_NUMBER, phoneNumber.e164(), since, until, limit, offset);
        return new NumberAudit(phoneNumber.e164(), since, until, page.records(), page.next());
    }

    @Get("/clients/{client}")
    @Operation(operationId = "auditOfClient", summary = "What a client asked on a day, and what it was told",
            description = "Every CAMARA request of the client (the token's sub) answered on the UTC day, oldest "
                    + "first.")
    @ApiResponse(responseCode = "200", description = "A page of the records", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientAudit.class)))
    ClientAudit ofClient(@Parameter(description = "The client: its tokens' sub", example = "bank-a") String client,
                         @Parameter(description = "The UTC day (default: today)", example = "2030-04-02")
                         @Nullable @QueryValue LocalDate date,
                         @Parameter(description = LIMIT, schema = @Schema(type = "integer", format = "int32",
                                 minimum = "1", maximum = "1000", defaultValue = "100"))
                         @Nullable @QueryValue(defaultValue = "100") int limit,
                         @Parameter(description = OFFSET, schema = @Schema(type = "integer", format = "int32",
                                 minimum = "0", defaultValue = "0"))
                         @Nullable @QueryValue(defaultValue = "0") int offset) {
        LocalDate day = date == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) : date;
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Page page = page(AuditStores.BY_CLIENT, client, start, start.plus(Duration.ofDays(1)).minusMillis(1), limit,
                offset);
        return new ClientAudit(client, day, page.records(), page.next());
    }

    private Page page(String store, String key, Instant from, Instant to, int limit, int offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new UpcomingController.BadQueryException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new UpcomingController.BadQueryException("offset must be 0 or more");
        }
        // Kafka Streams drops an index's records up to half a retention late: what is past it is not shown.
        Instant earliest = clock.instant().minus(retention);
        Instant since = from.isBefore(earliest) ? earliest : from;
        if (since.isAfter(to)) {
            return new Page(List.of(), null);
        }
        List<String> found = queries.records(store, key, since, to, offset, limit);
        List<AuditEntry> records = found.stream().map(this::entryOf).toList();
        return new Page(records, records.size() == limit ? offset + limit : null);
    }

    private AuditEntry entryOf(String stored) {
        AuditRecord record = AuditRecordSerde.fromJson(stored.getBytes(StandardCharsets.UTF_8));
        JsonNode answer;
        try {
            answer = record.answer() == null ? null : json.readValue(record.answer(), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("an audit record's answer is not JSON", e);
        }
        return new AuditEntry(record.at(), record.client(), record.operation(), record.numbers(), record.status(),
                answer, record.correlator());
    }

    private record Page(List<AuditEntry> records, @Nullable Integer next) {
    }

    /** A page of the records of the requests that named a number; {@code next} is absent on the last page. */
    @Serdeable
    record NumberAudit(String number, Instant from, Instant to, List<AuditEntry> records,
                       @Schema(description = "The offset of the next page") @Nullable Integer next) {
    }

    /** A page of a client's requests on a day; {@code next} is absent on the last page. */
    @Serdeable
    record ClientAudit(String client, LocalDate date, List<AuditEntry> records,
                       @Schema(description = "The offset of the next page") @Nullable Integer next) {
    }

    /** One CAMARA request: who asked, when, what about, and what they were told. */
    @Serdeable
    record AuditEntry(
            @Schema(description = "When it was answered") Instant at,
            @Schema(description = "The token's sub") String client,
            @Schema(description = "The HTTP method and the operation's path", example = "POST /number-recycling/v0.2/check")
            String operation,
            @Schema(description = "The numbers the request named, as written") List<String> numbers,
            @Schema(description = "The HTTP status of the answer") int status,
            @Schema(type = "object", description = "The answer's body as the client received it (an error's carries "
                    + "its code); absent for an empty answer") @Nullable JsonNode answer,
            @Schema(description = "The request's x-correlator, if it sent one") @Nullable String correlator) {
    }
}
