package dev.numberregistry.api.subscription;

import dev.numberregistry.api.kafka.KafkaClientProperties;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every subscription and how its deliveries stand, as the compacted topics say, read whole by
 * every instance (they are few). Answers for any subscription, whichever instance made it.
 */
@Singleton
public class SubscriptionDirectory {

    /** How long a reader waits for what another instance wrote before it says "not found". */
    static final Duration CATCH_UP = Duration.ofSeconds(10);

    private final CompactedTopicView<Subscription> subscriptions;
    private final CompactedTopicView<DeliveryStatus> statuses;

    SubscriptionDirectory(KafkaClientProperties clientProperties, SubscriptionSettings settings,
                          SubscriptionTopicsSetup setup, Documents documents) {
        setup.ensureTopics();
        this.subscriptions = new CompactedTopicView<>(settings.getSubscriptionsTopic(), clientProperties.common(),
                bytes -> documents.read(bytes, Subscription.class));
        this.statuses = new CompactedTopicView<>(settings.getDeliveryStatusTopic(), clientProperties.common(),
                bytes -> documents.read(bytes, DeliveryStatus.class));
    }

    /**
     * The subscription, deleted or not; if this instance has not read it, after reading everything
     * written so far (another instance may have made it a moment ago).
     */
    public Optional<Subscription> find(String id) {
        Optional<Subscription> known = subscriptions.get(id);
        if (known.isPresent()) {
            return known;
        }
        subscriptions.catchUp(CATCH_UP);
        return subscriptions.get(id);
    }

    /** What this instance has read of it, without waiting. */
    Optional<Subscription> known(String id) {
        return subscriptions.get(id);
    }

    /** The live subscriptions of a client, oldest first. */
    public List<Subscription> ownedBy(String owner) {
        subscriptions.catchUp(CATCH_UP);
        return subscriptions.all().values().stream()
                .filter(subscription -> subscription.owner().equals(owner) && !subscription.deleted())
                .sorted(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id))
                .toList();
    }

    /** Every subscription, deleted ones too, oldest first. */
    public List<Subscription> all() {
        return subscriptions.all().values().stream()
                .sorted(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id))
                .toList();
    }

    public Optional<DeliveryStatus> statusOf(String id) {
        return statuses.get(id);
    }

    /** How every subscription's deliveries stand, as far as this instance has read. */
    public List<DeliveryStatus> statuses() {
        return List.copyOf(statuses.all().values());
    }

    /** Waits until this instance has read every delivery status written so far. */
    void catchUpStatuses() {
        statuses.catchUp(CATCH_UP);
    }

    /** Waits until this instance has read the subscription record written at this offset. */
    boolean awaitSubscription(int partition, long offset) {
        return subscriptions.awaitRead(partition, offset, CATCH_UP);
    }

    /** Waits until this instance has read the status record written at this offset. */
    boolean awaitStatus(int partition, long offset) {
        return statuses.awaitRead(partition, offset, CATCH_UP);
    }

    @PreDestroy
    void close() {
        subscriptions.close();
        statuses.close();
    }
}
