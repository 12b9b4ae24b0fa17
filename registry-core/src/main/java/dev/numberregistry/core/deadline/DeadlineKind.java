package dev.numberregistry.core.deadline;

import dev.numberregistry.core.state.NumberStatus;

/** What comes due at a deadline. */
public enum DeadlineKind {
    /** The prepaid validity ends: the registry decides ValidityLapsed. */
    VALIDITY_END,
    /** The grace period ends: the registry decides GraceExpired. */
    GRACE_END,
    /** The ageing period ends: the registry decides QuarantineEnded. */
    QUARANTINE_END,
    /** A reminder to top up before the validity ends. */
    VALIDITY_REMINDER,
    /** A reminder to top up before the grace period ends. */
    GRACE_REMINDER;

    public boolean isReminder() {
        return this == VALIDITY_REMINDER || this == GRACE_REMINDER;
    }

    /** The end a deadline of this kind leads to: itself, or for a reminder the end it reminds of. */
    public DeadlineKind end() {
        return switch (this) {
            case VALIDITY_REMINDER -> VALIDITY_END;
            case GRACE_REMINDER -> GRACE_END;
            default -> this;
        };
    }

    /** The status a number is in while a deadline of this kind is pending (see {@link Deadlines#of}). */
    public NumberStatus pendingIn() {
        return switch (end()) {
            case VALIDITY_END -> NumberStatus.ACTIVE;
            case GRACE_END -> NumberStatus.IN_GRACE;
            default -> NumberStatus.QUARANTINED;
        };
    }
}
