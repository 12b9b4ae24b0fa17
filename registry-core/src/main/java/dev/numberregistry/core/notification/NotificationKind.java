package dev.numberregistry.core.notification;

/** What a recycle notification tells the systems that hold the number for someone. */
public enum NotificationKind {
    /** The holder is gone and the number ages in quarantine: stop trusting it for them. */
    RECYCLED,
    /** A new subscriber holds the number. */
    REASSIGNED,
    /** The previous holder recovered the number before anyone else got it. */
    RECYCLING_REVERSED,
    /** The holder cancelled; the number will be recycled. */
    CANCELLED,
    /** The holder took the number to another carrier: it has not changed hands, but it is served elsewhere now. */
    PORTED_OUT
}
