package dev.numberregistry.api.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartitionDeliveriesTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final PartitionDeliveries partition = new PartitionDeliveries(0, 100);

    @Test
    void itIsCommittedBelowTheFirstDeliveryASinkHasYetToTake() {
        SubscriptionQueue slow = queue("slow");
        SubscriptionQueue fast = queue("fast");
        read(100, slow);
        read(101, fast);
        read(102, fast);

        assertThat(partition.commitPoint()).isEqualTo(100);
        slow.delivered(slow.sendable(NOW, 16).get(0), NOW);
        assertThat(partition.commitPoint()).isEqualTo(101);
        fast.sendable(NOW, 16).forEach(delivery -> fast.delivered(delivery, NOW));
        assertThat(partition.commitPoint()).as("everything read was taken").isEqualTo(103);
    }

    @Test
    void aSuspendedSubscriptionDoesNotHoldTheOthersBack() {
        SubscriptionQueue suspended = queue("suspended");
        read(100, suspended);
        suspended.suspend("NETWORK_TERMINATED", "the sink kept failing", NOW);

        assertThat(partition.commitPoint()).isEqualTo(101);
    }

    @Test
    void whatIsReadAgainForAResumeNeitherCountsAsNewNorMovesTheCommitBack() {
        read(100, queue("a"));
        queue("a").sendable(NOW, 16).forEach(delivery -> queue("a").delivered(delivery, NOW));
        assertThat(partition.commitPoint()).isEqualTo(101);

        assertThat(partition.firstRead(100)).isFalse();
        queue("resumed").add(new Delivery(95, "+1", "again", new byte[0], false));

        assertThat(partition.commitPoint()).isEqualTo(101);
    }

    private SubscriptionQueue queue(String id) {
        return partition.queue(id, key -> new SubscriptionQueue(DeliveryStatus.fresh(key, NOW)));
    }

    private void read(long offset, SubscriptionQueue queue) {
        assertThat(partition.firstRead(offset)).isTrue();
        queue.add(new Delivery(offset, "+" + offset, "event-" + offset, new byte[0], false));
    }
}
