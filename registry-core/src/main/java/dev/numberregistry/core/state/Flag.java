package dev.numberregistry.core.state;

import java.time.Instant;

/** A warning raised on a number and not yet cleared. */
public record Flag(String flagId, FlagKind kind, FlagSeverity severity, String raisedBy, String note,
                   Instant raisedAt) {
}
