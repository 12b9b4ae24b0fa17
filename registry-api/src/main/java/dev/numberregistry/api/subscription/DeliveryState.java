package dev.numberregistry.api.subscription;

/** How a subscription's deliveries stand. */
public enum DeliveryState {
    /** Delivered as they come. */
    ACTIVE,
    /** The sink failed; tried again with back-off until it answers or the subscription is suspended. */
    RETRYING,
    /** The sink failed for too long: nothing is sent until ops resume it; what it misses is kept. */
    SUSPENDED,
    /** Resumed: what it missed while suspended is being sent, before anything newer. */
    RESUMING,
    /** Deleted, expired or at its maximum of events: nothing more is sent. */
    ENDED
}
