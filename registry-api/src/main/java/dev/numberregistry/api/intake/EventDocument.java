package dev.numberregistry.api.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.numberregistry.core.state.Flag;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.Suspension;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
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
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the number in E.164 form",
                example = "+14155552671")
        String number,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                description = "the payload's type; it decides which other fields the event has", allowableValues = {
                "NumberAssigned", "NumberReassigned", "TopUpMade", "ValidityLapsed", "GraceExpired", "NumberSuspended",
                "NumberResumed", "FlagRaised", "FlagCleared", "CancellationRequested", "CancellationCompleted",
                "NumberRecycled", "QuarantineEnded", "SimChanged", "NumberImported", "NumberRecovered", "PortedOut",
                "PortedIn"})
        String type,
        Instant occurredAt,
        @Nullable Instant recordedAt,
        String source,
        @Nullable String subscriberRef,
        @Nullable String planType,
        @Nullable Instant validUntil,
        @Nullable Long amountMinorUnits,
        @Nullable String currency,
        @Nullable String reason,
        @Nullable String note,
        @Nullable String flagId,
        @Nullable String kind,
        @Nullable String severity,
        @Nullable String raisedBy,
        @Nullable String clearedBy,
        @Nullable String status,
        @Nullable Holder holder,
        @Nullable Holder previousHolder,
        @Nullable Instant graceEndsAt,
        @Nullable Instant quarantineEndsAt,
        @Nullable Suspension suspension,
        @Nullable List<Flag> flags,
        @Nullable Instant cancellationRequestedAt,
        @Nullable Instant lastSimChangeAt,
        @Nullable Instant coveredFrom,
        @Nullable Instant tenureStart,
        @Nullable String donor,
        @Nullable String recipient) {
}
