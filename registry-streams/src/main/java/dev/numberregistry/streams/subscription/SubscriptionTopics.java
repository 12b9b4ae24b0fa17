package dev.numberregistry.streams.subscription;

import java.util.Objects;

/**
 * The topics of push subscriptions that the topology reads and writes.
 *
 * @param watchlist  every number a subscription watches, compacted, keyed by {@link WatchlistKey}
 *                   and partitioned as the recycle notifications are: by the number
 * @param deliveries what each subscription is to be sent, keyed by the subscription's id, so that
 *                   one instance sends all of a subscription's deliveries, in order
 */
public record SubscriptionTopics(String watchlist, String deliveries) {

    public SubscriptionTopics {
        Objects.requireNonNull(watchlist, "watchlist");
        Objects.requireNonNull(deliveries, "deliveries");
    }
}
