package dev.numberregistry.api.camara;

import dev.numberregistry.api.subscription.DeliveryState;
import dev.numberregistry.api.subscription.DeliveryStatus;
import dev.numberregistry.api.subscription.EventType;
import dev.numberregistry.api.subscription.Subscription;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A subscription as its owner reads it: CAMARA's {@code Subscription}, never with its credential.
 *
 * @param status ACTIVE; INACTIVE while suspended (the sink kept failing) or once its maximum of
 *               events was sent; EXPIRED
 */
@Serdeable
@Schema(name = "Subscription")
record SubscriptionInfo(String id, String protocol, String sink, List<String> types, ConfigInfo config,
                        Instant startsAt, @Nullable Instant expiresAt,
                        @Schema(allowableValues = {"ACTIVE", "INACTIVE", "EXPIRED"}) String status,
                        @Nullable @Schema(description = "Why it is not ACTIVE (CAMARA's terminationReason)")
                        String statusReason) {

    @Serdeable
    @Schema(name = "SubscriptionConfigInfo")
    record ConfigInfo(@Nullable Instant subscriptionExpireTime, @Nullable Integer subscriptionMaxEvents) {
    }

    static SubscriptionInfo of(Subscription subscription, @Nullable DeliveryStatus delivery) {
        String status = "ACTIVE";
        String reason = null;
        if (delivery != null && (delivery.state() == DeliveryState.SUSPENDED || delivery.state() == DeliveryState.ENDED)) {
            reason = delivery.endReason();
            status = "SUBSCRIPTION_EXPIRED".equals(reason) ? "EXPIRED" : "INACTIVE";
        }
        return new SubscriptionInfo(subscription.id(), "HTTP", subscription.sink(),
                subscription.types().stream().map(EventType::type).toList(),
                new ConfigInfo(subscription.expiresAt(), subscription.maxEvents()), subscription.createdAt(),
                subscription.expiresAt(), status, reason);
    }
}
