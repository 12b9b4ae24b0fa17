package dev.numberregistry.core.state;

import dev.numberregistry.core.number.PhoneNumber;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The current state of a number: the fold of every event applied to it so far.
 *
 * @param holder         who holds the number now; empty while nobody does
 * @param previousHolder who held it before it was cancelled or recycled: the one who may recover it
 * @param appliedEvents  how many events have been applied; the last one's sequence in the history
 * @param lastEventAt    business time of the last applied event
 * @param lastSimChangeAt when the number was last bound to a new SIM: a SIM swap, or a (re)assignment
 * @param coveredFrom    from when the registry's knowledge of the number is complete: what it says of
 *                       earlier times is a guess, so it says nothing; empty in states written before
 *                       coverage was kept (taken as covered all along, as then)
 */
public record NumberState(
        PhoneNumber number,
        NumberStatus status,
        Holder holder,
        Holder previousHolder,
        List<Flag> flags,
        Suspension suspension,
        Instant validUntil,
        Instant graceEndsAt,
        Instant quarantineEndsAt,
        Instant cancellationRequestedAt,
        Instant lastTopUpAt,
        Instant lastRecycledAt,
        Instant lastReassignedAt,
        Instant lastRecoveredAt,
        long appliedEvents,
        String lastEventId,
        Instant lastEventAt,
        Instant lastSimChangeAt,
        Instant coveredFrom) {

    public NumberState {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(status, "status");
        flags = List.copyOf(flags);
    }

    public Optional<Holder> currentHolder() {
        return Optional.ofNullable(holder);
    }

    /** The status under a suspension (what it resumes to), or the status if it is not suspended. */
    public NumberStatus underlyingStatus() {
        return Suspension.underlying(status, suspension);
    }

    public Optional<Flag> flag(String flagId) {
        return flags.stream().filter(flag -> flag.flagId().equals(flagId)).findFirst();
    }

    /**
     * Arrears are outstanding while an arrears flag is raised or service is suspended for
     * arrears; a number cannot be cancelled voluntarily until they are settled.
     */
    public boolean hasArrears() {
        boolean flagged = flags.stream().anyMatch(flag -> flag.kind() == FlagKind.ARREARS);
        boolean suspended = suspension != null && suspension.reason() == SuspensionReason.ARREARS;
        return flagged || suspended;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Starts the state of a number the registry has not seen before. */
    public static Builder newNumber(PhoneNumber number) {
        return new Builder(number);
    }

    /** Copies a state with some fields changed; the lifecycle's only way to make a new state. */
    public static final class Builder {
        private final PhoneNumber number;
        private NumberStatus status;
        private Holder holder;
        private Holder previousHolder;
        private List<Flag> flags = List.of();
        private Suspension suspension;
        private Instant validUntil;
        private Instant graceEndsAt;
        private Instant quarantineEndsAt;
        private Instant cancellationRequestedAt;
        private Instant lastTopUpAt;
        private Instant lastRecycledAt;
        private Instant lastReassignedAt;
        private Instant lastRecoveredAt;
        private long appliedEvents;
        private String lastEventId;
        private Instant lastEventAt;
        private Instant lastSimChangeAt;
        private Instant coveredFrom;

        private Builder(PhoneNumber number) {
            this.number = number;
        }

        private Builder(NumberState state) {
            this.number = state.number;
            this.status = state.status;
            this.holder = state.holder;
            this.previousHolder = state.previousHolder;
            this.flags = state.flags;
            this.suspension = state.suspension;
            this.validUntil = state.validUntil;
            this.graceEndsAt = state.graceEndsAt;
            this.quarantineEndsAt = state.quarantineEndsAt;
            this.cancellationRequestedAt = state.cancellationRequestedAt;
            this.lastTopUpAt = state.lastTopUpAt;
            this.lastRecycledAt = state.lastRecycledAt;
            this.lastReassignedAt = state.lastReassignedAt;
            this.lastRecoveredAt = state.lastRecoveredAt;
            this.appliedEvents = state.appliedEvents;
            this.lastEventId = state.lastEventId;
            this.lastEventAt = state.lastEventAt;
            this.lastSimChangeAt = state.lastSimChangeAt;
            this.coveredFrom = state.coveredFrom;
        }

        public Builder status(NumberStatus status) {
            this.status = status;
            return this;
        }

        public Builder holder(Holder holder) {
            this.holder = holder;
            return this;
        }

        public Builder previousHolder(Holder previousHolder) {
            this.previousHolder = previousHolder;
            return this;
        }

        public Builder flags(List<Flag> flags) {
            this.flags = flags;
            return this;
        }

        public Builder suspension(Suspension suspension) {
            this.suspension = suspension;
            return this;
        }

        public Builder validUntil(Instant validUntil) {
            this.validUntil = validUntil;
            return this;
        }

        public Builder graceEndsAt(Instant graceEndsAt) {
            this.graceEndsAt = graceEndsAt;
            return this;
        }

        public Builder quarantineEndsAt(Instant quarantineEndsAt) {
            this.quarantineEndsAt = quarantineEndsAt;
            return this;
        }

        public Builder cancellationRequestedAt(Instant cancellationRequestedAt) {
            this.cancellationRequestedAt = cancellationRequestedAt;
            return this;
        }

        public Builder lastTopUpAt(Instant lastTopUpAt) {
            this.lastTopUpAt = lastTopUpAt;
            return this;
        }

        public Builder lastRecycledAt(Instant lastRecycledAt) {
            this.lastRecycledAt = lastRecycledAt;
            return this;
        }

        public Builder lastReassignedAt(Instant lastReassignedAt) {
            this.lastReassignedAt = lastReassignedAt;
            return this;
        }

        public Builder lastRecoveredAt(Instant lastRecoveredAt) {
            this.lastRecoveredAt = lastRecoveredAt;
            return this;
        }

        public Builder appliedEvents(long appliedEvents) {
            this.appliedEvents = appliedEvents;
            return this;
        }

        public Builder lastEventId(String lastEventId) {
            this.lastEventId = lastEventId;
            return this;
        }

        public Builder lastEventAt(Instant lastEventAt) {
            this.lastEventAt = lastEventAt;
            return this;
        }

        public Builder lastSimChangeAt(Instant lastSimChangeAt) {
            this.lastSimChangeAt = lastSimChangeAt;
            return this;
        }

        public Builder coveredFrom(Instant coveredFrom) {
            this.coveredFrom = coveredFrom;
            return this;
        }

        public NumberState build() {
            return new NumberState(number, status, holder, previousHolder, flags, suspension, validUntil,
                    graceEndsAt, quarantineEndsAt, cancellationRequestedAt, lastTopUpAt, lastRecycledAt,
                    lastReassignedAt, lastRecoveredAt, appliedEvents, lastEventId, lastEventAt, lastSimChangeAt,
                    coveredFrom);
        }
    }
}
