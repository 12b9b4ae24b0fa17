package dev.numberregistry.api.subscription;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The deliveries of one partition of the deliveries topic that this instance reads: a queue per
 * subscription, how far the partition was read, and where it may be committed.
 */
final class PartitionDeliveries {

    private final int partition;
    private final Map<String, SubscriptionQueue> queues = new LinkedHashMap<>();
    /** The offset after the last record read for the first time: a lower one is read again for a resume. */
    private long readTo;
    private long committed;

    PartitionDeliveries(int partition, long position) {
        this.partition = partition;
        this.readTo = position;
        this.committed = position;
    }

    int partition() {
        return partition;
    }

    SubscriptionQueue queue(String subscriptionId, Function<String, SubscriptionQueue> opening) {
        return queues.computeIfAbsent(subscriptionId, opening);
    }

    /** The subscription's queue, if this partition has read anything of it. */
    Optional<SubscriptionQueue> find(String subscriptionId) {
        return Optional.ofNullable(queues.get(subscriptionId));
    }

    Collection<SubscriptionQueue> queues() {
        return queues.values();
    }

    /** Whether the record at this offset is read for the first time (if so, marks it read). */
    boolean firstRead(long offset) {
        if (offset < readTo) {
            return false;
        }
        readTo = offset + 1;
        return true;
    }

    int waiting() {
        return queues.values().stream().mapToInt(SubscriptionQueue::size).sum();
    }

    /**
     * Where the partition may be committed: before the first delivery any sink has yet to take,
     * never back (deliveries sent again for a resume lie behind it).
     */
    long commitPoint() {
        long lowest = queues.values().stream().filter(SubscriptionQueue::accepts)
                .mapToLong(queue -> queue.lowestOffset().orElse(Long.MAX_VALUE)).min().orElse(Long.MAX_VALUE);
        committed = Math.max(committed, Math.min(readTo, lowest));
        return committed;
    }
}
