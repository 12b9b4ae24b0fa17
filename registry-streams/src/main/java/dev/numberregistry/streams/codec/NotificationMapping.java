package dev.numberregistry.streams.codec;

import dev.numberregistry.core.notification.RecycleNotification;
import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.schema.NumberRecycleNotification;

/** Translates a recycle notification from the domain to its Avro record. */
public final class NotificationMapping {

    private NotificationMapping() {
    }

    public static NumberRecycleNotification toWire(RecycleNotification notification) {
        return new NumberRecycleNotification(notification.notificationId(), notification.number().e164(),
                NotificationKind.valueOf(notification.kind().name()), notification.occurredAt(),
                notification.quarantineEndsAt(),
                notification.ageingPeriod() == null ? null : notification.ageingPeriod().toString());
    }
}
