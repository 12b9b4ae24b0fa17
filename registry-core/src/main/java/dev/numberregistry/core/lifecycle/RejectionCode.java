package dev.numberregistry.core.lifecycle;

/** Why the lifecycle refused an event; stable names that downstream systems may match on. */
public enum RejectionCode {
    /** The number is not a valid telephone number. */
    INVALID_NUMBER,
    /** The event is malformed in itself (a field missing or out of range). */
    INVALID_EVENT,
    /** The registry has never seen the number, and the event is not its first assignment. */
    UNKNOWN_NUMBER,
    /** A first assignment for a number the registry already knows. */
    ALREADY_REGISTERED,
    /** A reassignment while the number is still held or not yet recycled. */
    NOT_AVAILABLE,
    /** A reassignment or quarantine end before the ageing period is over. */
    QUARANTINE_NOT_OVER,
    /** The event needs a holder and the number has none. */
    NO_HOLDER,
    /** The event makes no sense in the number's current status. */
    INVALID_TRANSITION,
    /** A validity lapse for a number that is not prepaid. */
    NOT_PREPAID,
    /** A validity lapse before the validity end. */
    VALIDITY_NOT_LAPSED,
    /** A grace expiry before the grace end. */
    GRACE_NOT_OVER,
    /** A top-up after the grace ended. */
    GRACE_ALREADY_EXPIRED,
    /** A suspension of a number already suspended. */
    ALREADY_SUSPENDED,
    /** A resumption of a number that is not suspended. */
    NOT_SUSPENDED,
    /** A flag raised again under an id that is still raised. */
    FLAG_ALREADY_RAISED,
    /** A flag cleared that is not raised. */
    FLAG_NOT_FOUND,
    /** A voluntary cancellation while arrears are outstanding. */
    ARREARS_OUTSTANDING,
    /** A cancellation requested twice. */
    CANCELLATION_ALREADY_REQUESTED,
    /** A cancellation completed that was never requested. */
    NO_CANCELLATION_REQUESTED,
    /** A recycling of a number whose holder still has it (active or in grace). */
    NOT_RECYCLABLE,
    /** A recycling of a number already recycled. */
    ALREADY_RECYCLED,
    /** A recovery by someone other than the holder the number was recycled from. */
    NOT_PREVIOUS_HOLDER,
    /** A recovery after the number was given to someone else. */
    ALREADY_REASSIGNED,
    /** A recovery of a number that was never recycled. */
    NOTHING_TO_RECOVER,
    /** Only a number the registry does not know, or one that was ported out, can be ported in. */
    NOT_PORTED_OUT,
    /** A flag raised on a number that already has as many open flags as a number may have. */
    TOO_MANY_FLAGS
}
