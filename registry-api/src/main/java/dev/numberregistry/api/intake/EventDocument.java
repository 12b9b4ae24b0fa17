package dev.numberregistry.api.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.Suspension;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * An event as JSON: the envelope, the payload's {@code type}, and the payload's fields side by
 * side. Which payload fields are required depends on the type; the domain checks them.
 *
 * @param recordedAt when the sender recorded the event; the registry's intake time if absent
 * @param reason     for NumberSuspended a SuspensionReason, for FlagCleared a FlagClearance
 * @param status     this and the fields after it up to coveredFrom are a NumberImported's: the number as it stood
 * @param tenureStart this and donor are a PortedIn's; recipient a PortedOut's
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
        String clearedBy,
        String status,
        Holder holder,
        Holder previousHolder,
        Instant graceEndsAt,
        Instant quarantineEndsAt,
        Suspension suspension,
        List<Flag> flags,
        Instant cancellationRequestedAt,
        Instant lastSimChangeAt,
        Instant coveredFrom,
        Instant tenureStart,
        String donor,
        String recipient) {
}
