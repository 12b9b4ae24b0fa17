package dev.numberregistry.core.notification;

import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.state.NumberState;
import java.time.Duration;
import java.util.Optional;

/** Which applied events are a change of hands that subscribers of notifications must hear of. */
public final class RecycleNotifications {

    private RecycleNotifications() {
    }

    /**
     * The notification an applied event gives, if any, from the state it was applied to (null for
     * a number's first event) and the state it produced.
     */
    public static Optional<RecycleNotification> of(NumberEvent event, NumberState before, NumberState after) {
        EventPayload payload = event.payload();
        if (payload instanceof EventPayload.NumberRecycled) {
            Duration ageing = Duration.between(event.occurredAt(), after.quarantineEndsAt());
            return Optional.of(notification(event, NotificationKind.RECYCLED, after, ageing));
        } else if (payload instanceof EventPayload.NumberReassigned) {
            return Optional.of(notification(event, NotificationKind.REASSIGNED, after, null));
        } else if (payload instanceof EventPayload.NumberRecovered) {
            return Optional.of(notification(event, NotificationKind.RECYCLING_REVERSED, after, null));
        } else if (payload instanceof EventPayload.CancellationCompleted) {
            return Optional.of(notification(event, NotificationKind.CANCELLED, after, null));
        } else if (payload instanceof EventPayload.PortedOut) {
            return Optional.of(notification(event, NotificationKind.PORTED_OUT, after, null));
        } else if (payload instanceof EventPayload.PortedIn && before != null
                && !before.previousHolder().subscriberRef().equals(after.holder().subscriberRef())) {
            // Back from another carrier with someone other than the holder who took it there.
            return Optional.of(notification(event, NotificationKind.REASSIGNED, after, null));
        }
        return Optional.empty();
    }

    private static RecycleNotification notification(NumberEvent event, NotificationKind kind, NumberState after,
                                                    Duration ageing) {
        return new RecycleNotification(event.eventId(), event.number(), kind, event.occurredAt(),
                ageing == null ? null : after.quarantineEndsAt(), ageing);
    }
}
