package dev.numberregistry.core.notification;

/** What a reminder asks the holder to act before. */
public enum ReminderKind {
    /** The prepaid validity ends: a top-up before then keeps the number out of grace. */
    VALIDITY_ENDING,
    /** The grace period ends: a top-up before then keeps the number from being recycled. */
    GRACE_ENDING
}
