package dev.numberregistry.core.check;

import dev.numberregistry.core.state.NumberState;
import java.time.Instant;
import java.util.Optional;

/**
 * Answers "has the number moved to another SIM since a time?" (CAMARA SIM Swap). The registry
 * knows a number's SIM changes from its coverage date on, and the latest one it was told of
 * (an import may tell of one from before): a change that late is the last, so it can answer for
 * any time after it. Before both, it does not know, and says so rather than "no".
 */
public final class SimChanges {

    private SimChanges() {
    }

    /** Whether the SIM changed at or after {@code since}; empty when the registry cannot tell. */
    public static Optional<Boolean> changedSince(NumberState state, Instant since) {
        Instant latest = state.lastSimChangeAt();
        if (latest != null && !latest.isBefore(since)) {
            return Optional.of(true);
        }
        return knownFrom(state).filter(from -> from.isAfter(since)).isPresent() ? Optional.empty() : Optional.of(false);
    }

    /**
     * From when no SIM change could have escaped the registry: empty when it knows the latest one
     * (or has seen all along), else the number's coverage date.
     */
    public static Optional<Instant> knownFrom(NumberState state) {
        return state.lastSimChangeAt() != null ? Optional.empty() : Optional.ofNullable(state.coveredFrom());
    }
}
