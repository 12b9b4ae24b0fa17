package dev.numberregistry.api.subscription;

import dev.numberregistry.core.notification.NotificationKind;
import dev.numberregistry.schema.NumberRecycleNotification;
import dev.numberregistry.streams.subscription.SimChange;
import jakarta.inject.Singleton;
import java.time.Instant;

/** The CloudEvents a subscription is sent, as the bytes of their JSON. */
@Singleton
class CloudEvents {

    private final Documents documents;

    CloudEvents(Documents documents) {
        this.documents = documents;
    }

    /** The event of a change of hands: its id is the notification's, the same however often it is sent. */
    byte[] changeOfHands(String subscriptionId, NumberRecycleNotification notification) {
        EventType type = EventType.of(NotificationKind.valueOf(notification.getKind().name()));
        return documents.write(CloudEvent.of(notification.getNotificationId(), subscriptionId, type.type(),
                notification.getOccurredAt(), new ChangeOfHandsData(subscriptionId, notification.getNumber(),
                        notification.getOccurredAt(), notification.getQuarantineEndsAt(),
                        notification.getAgeingPeriod())));
    }

    /** The event of a SIM change: its id is the number's and the change's time, the same however often it is sent. */
    byte[] simChange(String subscriptionId, SimChange change) {
        return documents.write(CloudEvent.of(simChangeId(change), subscriptionId, EventType.SIM_SWAPPED.type(),
                change.changedAt(), new SimSwapData(subscriptionId, change.number(), change.changedAt())));
    }

    static String simChangeId(SimChange change) {
        return "sim-change/" + change.number() + "/" + change.changedAt();
    }

    byte[] subscriptionEnds(String subscriptionId, String reason, String description, Instant at) {
        return documents.write(CloudEvent.of(endId(subscriptionId), subscriptionId, EventType.SUBSCRIPTION_ENDS, at,
                new SubscriptionEndsData(subscriptionId, reason, description)));
    }

    /** A subscription ends once: the event that says so has one id, however often it is sent. */
    static String endId(String subscriptionId) {
        return "subscription-ends-" + subscriptionId;
    }

    DeliveryControl control(byte[] value) {
        return documents.read(value, DeliveryControl.class);
    }
}
