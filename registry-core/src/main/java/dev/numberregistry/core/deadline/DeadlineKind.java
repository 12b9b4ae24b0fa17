package dev.numberregistry.core.deadline;

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
}
