package dev.numberregistry.api.web;

import dev.numberregistry.core.state.FlagKind;
import dev.numberregistry.core.state.FlagSeverity;
import dev.numberregistry.core.state.Holder;
import dev.numberregistry.core.state.NumberStatus;
import dev.numberregistry.core.state.Suspension;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * How the API document shows the domain's state records, which are written as JSON as they are
 * ({@link PhoneNumberSerializer}) and leave out what is absent or empty: the domain stays free of
 * documentation annotations, so these say which fields a client can count on. They stand in for
 * the domain's records through {@code micronaut.openapi.schema.mapping} in {@code openapi.properties};
 * ApiDocumentTest keeps their components the same as the domain's.
 */
final class StateSchemas {

    private StateSchemas() {
    }

    @Schema(name = "NumberState", description = "A number's current state: the fold of every event applied to it. "
            + "A field without a value is left out.")
    record NumberState(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "in E.164 form", example = "+14155552671")
            String number,
            NumberStatus status,
            @Schema(description = "who holds the number now; absent while nobody does") @Nullable Holder holder,
            @Schema(description = "who held it before it was cancelled or recycled: the one who may recover it")
            @Nullable Holder previousHolder,
            @Schema(description = "flags raised and not cleared; absent when there are none") @Nullable List<Flag> flags,
            @Nullable Suspension suspension,
            @Nullable Instant validUntil,
            @Nullable Instant graceEndsAt,
            @Nullable Instant quarantineEndsAt,
            @Nullable Instant cancellationRequestedAt,
            @Nullable Instant lastTopUpAt,
            @Nullable Instant lastRecycledAt,
            @Nullable Instant lastReassignedAt,
            @Nullable Instant lastRecoveredAt,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "how many events have been applied")
            long appliedEvents,
            @Nullable String lastEventId,
            @Schema(description = "business time of the last applied event") @Nullable Instant lastEventAt,
            @Schema(description = "when the number was last bound to a new SIM: a SIM swap, or a (re)assignment")
            @Nullable Instant lastSimChangeAt,
            @Schema(description = "from when the registry's knowledge of the number is complete; absent in states "
                    + "written before coverage was kept (taken as covered all along)") @Nullable Instant coveredFrom) {
    }

    @Schema(name = "RaisedFlag", description = "A warning raised on a number and not yet cleared.")
    record Flag(String flagId, FlagKind kind, FlagSeverity severity, String raisedBy, @Nullable String note,
                Instant raisedAt) {
    }
}
