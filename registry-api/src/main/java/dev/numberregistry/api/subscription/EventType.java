package dev.numberregistry.api.subscription;

import dev.numberregistry.core.notification.NotificationKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * The CloudEvent types a subscription may ask for: one per kind of recycle notification, and SIM
 * changes; named as CAMARA names its event types but under the registry's own namespace: they are
 * an extension, not part of any CAMARA contract.
 */
public enum EventType {
    NUMBER_RECYCLED(NotificationKind.RECYCLED, EventType.PREFIX + "number-recycled"),
    NUMBER_REASSIGNED(NotificationKind.REASSIGNED, EventType.PREFIX + "number-reassigned"),
    RECYCLING_REVERSED(NotificationKind.RECYCLING_REVERSED, EventType.PREFIX + "recycling-reversed"),
    NUMBER_CANCELLED(NotificationKind.CANCELLED, EventType.PREFIX + "number-cancelled"),
    NUMBER_PORTED_OUT(NotificationKind.PORTED_OUT, EventType.PREFIX + "number-ported-out"),
    /** The number moved to another SIM (CAMARA SIM Swap's "swapped"): no change of hands, a change of SIM. */
    SIM_SWAPPED(null, "dev.numberregistry.sim-swap.v0.swapped");

    public static final String PREFIX = "dev.numberregistry.number-recycling.v0.";
    /** Sent when a subscription ends, whatever it was for. */
    public static final String SUBSCRIPTION_ENDS = PREFIX + "subscription-ends";

    private final NotificationKind kind;
    private final String type;

    EventType(NotificationKind kind, String type) {
        this.kind = kind;
        this.type = type;
    }

    /** The kind of recycle notification it tells of; empty for a SIM change. */
    public Optional<NotificationKind> kind() {
        return Optional.ofNullable(kind);
    }

    /** The CloudEvent {@code type}. */
    public String type() {
        return type;
    }

    public static Optional<EventType> ofType(String type) {
        return Arrays.stream(values()).filter(value -> value.type.equals(type)).findFirst();
    }

    public static EventType of(NotificationKind kind) {
        return Arrays.stream(values()).filter(value -> value.kind == kind).findFirst().orElseThrow();
    }

    public boolean isSimChange() {
        return this == SIM_SWAPPED;
    }
}
