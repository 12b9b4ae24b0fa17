package dev.numberregistry.api.subscription;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * How a subscription's deliveries stand, as the delivery status topic keeps it: written by the
 * instance that delivers for the subscription, read by every instance for ops and for the bank.
 *
 * @param delivered    events the sink took
 * @param pending      deliveries waiting or under way, as of {@code updatedAt}
 * @param missedFrom   while suspended or resuming: the offset, in the deliveries topic, of the first
 *                     delivery not made; everything of the subscription from there on is sent on resume
 * @param resumedUntil while resuming: the offset up to which missed deliveries are sent again
 * @param endReason    when ended or suspended: CAMARA's terminationReason
 */
@Serdeable
public record DeliveryStatus(String subscriptionId, DeliveryState state, long delivered, int pending,
                             @Nullable Instant failingSince, @Nullable String lastError,
                             @Nullable Instant lastDeliveredAt, @Nullable Long missedFrom,
                             @Nullable Long resumedUntil, @Nullable String endReason,
                             @Nullable String endDescription, Instant updatedAt) {

    public static DeliveryStatus fresh(String subscriptionId, Instant now) {
        return new DeliveryStatus(subscriptionId, DeliveryState.ACTIVE, 0, 0, null, null, null, null, null, null, null,
                now);
    }
}
