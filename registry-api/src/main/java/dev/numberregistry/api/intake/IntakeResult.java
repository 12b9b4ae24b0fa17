package dev.numberregistry.api.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What became of one submitted event.
 *
 * @param index  its position in the request
 * @param status ACCEPTED (written to the event log) or REJECTED (not written; code and reason say why)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeResult(int index, String eventId, String status, String code, String reason) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";

    static IntakeResult accepted(int index, String eventId) {
        return new IntakeResult(index, eventId, ACCEPTED, null, null);
    }

    static IntakeResult rejected(int index, String eventId, String code, String reason) {
        return new IntakeResult(index, eventId, REJECTED, code, reason);
    }

    boolean isAccepted() {
        return ACCEPTED.equals(status);
    }
}
