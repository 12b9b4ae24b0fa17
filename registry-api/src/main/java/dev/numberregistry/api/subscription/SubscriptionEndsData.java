package dev.numberregistry.api.subscription;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The {@code data} of the event that ends a subscription, as CAMARA's subscription-ends event has it.
 *
 * @param terminationReason SUBSCRIPTION_DELETED, SUBSCRIPTION_EXPIRED, MAX_EVENTS_REACHED, or
 *                          NETWORK_TERMINATED when the registry suspended it because the sink kept failing
 */
@Serdeable
public record SubscriptionEndsData(String subscriptionId, String terminationReason, String terminationDescription) {
}
