package dev.numberregistry.core.state;

/** Where a number stands in its lifecycle. Flags are not a status: they overlay any status. */
public enum NumberStatus {
    /** Aged out of quarantine and free to be given to a new subscriber. */
    AVAILABLE,
    /** Held by a subscriber and in service. */
    ACTIVE,
    /** The prepaid validity lapsed; a top-up before the grace end brings it back. */
    IN_GRACE,
    /** Grace ran out; the number waits to be recycled. */
    EXPIRED,
    /** Held, but service is suspended. */
    SUSPENDED,
    /** The holder cancelled; the number waits to be recycled. */
    CANCELLED,
    /** Recycled: nobody holds it, and it ages before anyone else may get it. */
    QUARANTINED,
    /** Its holder took it to another carrier, which serves it now: not recycled, no clock runs. */
    PORTED_OUT;

    /** True while the number belongs to a subscriber. */
    public boolean isHeld() {
        return this == ACTIVE || this == IN_GRACE || this == EXPIRED || this == SUSPENDED;
    }
}
