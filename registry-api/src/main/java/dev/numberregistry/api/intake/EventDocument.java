package dev.numberregistry.api.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * An event as JSON: the envelope, the payload's {@code type}, and the payload's fields side by
 * side. Which payload fields are required depends on the type; the domain checks them.
 *
 * @param recordedAt when the sender recorded the event; the registry's intake time if absent
 * @param reason     for NumberSuspended a SuspensionReason, for FlagCleared a FlagClearance
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventDocument(
        String eventId,
        String number,
        String type,
        Instant occurredAt,
        Instant recordedAt,
        String source,
        String subscriberRef,
        String planType,
        Instant validUntil,
        Long amountMinorUnits,
        String currency,
        String reason,
        String note,
        String flagId,
        String kind,
        String severity,
        String raisedBy,
        String clearedBy) {
}
