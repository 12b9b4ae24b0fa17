package dev.numberregistry.api.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What became of one submitted event.
 *
 * @param index   its position in the request
 * @param status  ACCEPTED (written to the event log) or REJECTED (not written; code and reason say why)
 * @param outcome only when the caller awaited it: APPLIED, REJECTED by the lifecycle (code and
 *                reason say why), or PENDING if the registry had not processed it in time
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeResult(int index, String eventId, String status, String outcome, String code, String reason) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";
    public static final String APPLIED = "APPLIED";
    public static final String PENDING = "PENDING";

    static IntakeResult accepted(int index, String eventId) {
        return new IntakeResult(index, eventId, ACCEPTED, null, null, null);
    }

    static IntakeResult rejected(int index, String eventId, String code, String reason) {
        return new IntakeResult(index, eventId, REJECTED, null, code, reason);
    }

    IntakeResult withOutcome(String outcome, String code, String reason) {
        return new IntakeResult(index, eventId, status, outcome, code, reason);
    }

    boolean isAccepted() {
        return ACCEPTED.equals(status);
    }
}
