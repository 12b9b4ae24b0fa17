package dev.numberregistry.api.web;

import dev.numberregistry.api.Application;
import dev.numberregistry.api.query.RecentRejections;
import dev.numberregistry.schema.RejectedEvent;
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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Utils;

/** The ops view of what was refused lately, whatever the number: why billing's events bounced. */
@Controller("/rejections")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = Application.NUMBERS_TAG)
@Secured(RegistryScopes.READ)
@SecurityRequirement(name = Application.BEARER_TOKEN, scopes = RegistryScopes.READ)
class RejectionsController {

    private static final int MAX_LIMIT = 500;

    private final RecentRejections recent;

    RejectionsController(RecentRejections recent) {
        this.recent = recent;
    }

    @Get
    @Operation(operationId = "recentRejections", summary = "What was refused lately, most recent first",
            description = "Read from the rejected topic: the latest 2,000 records of each of its partitions. "
                    + "countsByCode counts every rejection read, whatever the filters; each rejection carries the "
                    + "record as it arrived (as text when it is UTF-8 text, else in base64), cut to its first 16 KiB.")
    @ApiResponse(responseCode = "200", description = "The rejections", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Recent.class)))
    @ApiResponse(responseCode = "400", description = "BAD_QUERY: limit out of range, or INVALID_NUMBER",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "NOT_READY, with Retry-After: the rejected topic cannot be read "
            + "now", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    Recent list(@Parameter(description = "Only this reason code, e.g. QUARANTINE_NOT_OVER") @Nullable @QueryValue String code,
                @Parameter(description = "Only this number; the leading + may be left out") @Nullable @QueryValue String number,
                @Parameter(description = "At most this many, 1 to 500", schema = @Schema(type = "integer",
                        format = "int32", minimum = "1", maximum = "500", defaultValue = "100"))
                @Nullable @QueryValue(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadLimitException();
        }
        Predicate<RejectedEvent> filter = rejection -> true;
        if (code != null && !code.isBlank()) {
            filter = filter.and(rejection -> code.strip().equals(rejection.getReasonCode()));
        }
        if (number != null && !number.isBlank()) {
            String e164 = PathNumbers.parse(number).e164();
            filter = filter.and(rejection -> e164.equals(rejection.getNumber()));
        }
        RecentRejections.Recent found = recent.latest(filter, limit);
        return new Recent(found.rejections().stream().map(Rejection::of).toList(), found.countsByCode(),
                found.examined());
    }

    /**
     * @param countsByCode over every rejection read, whatever the filters
     * @param examined     how many rejections were read
     */
    @Serdeable
    record Recent(List<Rejection> rejections, Map<String, Long> countsByCode, int examined) {
    }

    /**
     * One refusal, with the record as it arrived.
     *
     * @param rawValue       the record's value when it is UTF-8 text; else null, and rawValueBase64 holds it
     * @param rawValueLength how many bytes the value had: more than it holds when it was cut
     * @param rawEvent       the value read as an event (an Avro record in its JSON form), when it is one
     */
    @Serdeable
    record Rejection(@Nullable String number, @Nullable String eventId, @Nullable String eventType, String code,
                     String reason, String origin, Instant rejectedAt, @Nullable String rawKey,
                     @Nullable String rawValue, @Nullable String rawValueBase64, @Nullable Long rawValueLength,
                     @Nullable String rawEvent) {
        static Rejection of(RecentRejections.Refused refused) {
            RejectedEvent rejected = refused.rejection();
            byte[] value = bytesOf(rejected.getRawValue());
            String text = textOf(value);
            byte[] key = bytesOf(rejected.getRawKey());
            String keyText = key == null ? null : textOf(key) != null ? textOf(key) : Base64.getEncoder().encodeToString(key);
            return new Rejection(rejected.getNumber(), rejected.getEventId(), rejected.getEventType(),
                    rejected.getReasonCode(), rejected.getReason(), rejected.getOrigin(), rejected.getRejectedAt(),
                    keyText, text, value != null && text == null ? Base64.getEncoder().encodeToString(value) : null,
                    rejected.getRawValueLength() != null ? rejected.getRawValueLength()
                            : value == null ? null : (long) value.length, refused.event());
        }

        private static byte[] bytesOf(ByteBuffer buffer) {
            return buffer == null ? null : Utils.toArray(buffer);
        }

        /** The bytes as text when they are UTF-8 with no control characters but line breaks and tabs. */
        private static String textOf(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
                boolean printable = text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t');
                return printable ? text : null;
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }

    static final class BadLimitException extends ApiProblemException {
        BadLimitException() {
            super(HttpStatus.BAD_REQUEST, "BAD_QUERY", "limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
