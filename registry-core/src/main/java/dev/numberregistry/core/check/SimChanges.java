package dev.numberregistry.core.check;

import dev.numberregistry.core.state.NumberState;
import java.time.Instant;
import java.util.Optional;

/**
 * Answers "has the number moved to another SIM since a time?" (CAMARA SIM Swap). The registry
 * knows every SIM change of a number from its coverage date on; of earlier ones, only what it was
 * told. So a change it knows of answers "yes" for any time before it, and "no" is said only of
 * times inside the coverage: before it, the registry does not know, and says so.
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
        return covers(state, since) ? Optional.of(false) : Optional.empty();
    }

    /**
     * The latest SIM change the registry can vouch for being the latest: empty when it knows of
     * none within its coverage (an earlier one may have been followed by others it did not see).
     */
    public static Optional<Instant> latestKnown(NumberState state) {
        Instant latest = state.lastSimChangeAt();
        return latest != null && covers(state, latest) ? Optional.of(latest) : Optional.empty();
    }

    /** Whether the registry has seen every SIM change of the number since {@code since}. */
    public static boolean covers(NumberState state, Instant since) {
        return state.coveredFrom() == null || !since.isBefore(state.coveredFrom());
    }
}
