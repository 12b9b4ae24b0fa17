package dev.numberregistry.api.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given deliveries waiting, when the sink answers, then what may be sent next, and how the subscription stands. */
class SubscriptionQueueTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final SubscriptionQueue queue = new SubscriptionQueue(DeliveryStatus.fresh("sub-1", NOW));

    @Test
    void deliveriesOfDifferentNumbersGoAtOnceAndOfOneNumberOneAfterTheOther() {
        Delivery first = event(10, "+1");
        Delivery second = event(11, "+1");
        Delivery other = event(12, "+2");
        given(first, second, other);

        assertThat(queue.sendable(NOW, 16)).containsExactly(first, other);
        assertThat(queue.sendable(NOW, 16)).as("under way already").isEmpty();

        queue.delivered(first, NOW);
        assertThat(queue.sendable(NOW, 16)).containsExactly(second);
    }

    @Test
    void noMoreThanTheLimitAreUnderWay() {
        given(event(1, "+1"), event(2, "+2"), event(3, "+3"));

        assertThat(queue.sendable(NOW, 2)).extracting(Delivery::offset).containsExactly(1L, 2L);
        assertThat(queue.sendable(NOW, 2)).isEmpty();
    }

    @Test
    void theEndGoesOnlyAfterEverythingBeforeIt() {
        Delivery event = event(1, "+1");
        Delivery end = new Delivery(2, null, "subscription-ends-sub-1", new byte[0], true);
        given(event, end);

        assertThat(queue.sendable(NOW, 16)).containsExactly(event);
        queue.delivered(event, NOW);
        assertThat(queue.sendable(NOW, 16)).containsExactly(end);
        queue.delivered(end, NOW);

        assertThat(queue.state()).isEqualTo(DeliveryState.ENDED);
        assertThat(queue.accepts()).isFalse();
        assertThat(queue.status().delivered()).as("the end is no event").isEqualTo(1);
    }

    @Test
    void aFailureHoldsEveryDeliveryBackForTheWaitThenTheSameOneGoesAgain() {
        Delivery event = event(1, "+1");
        given(event, event(2, "+2"));
        List<Delivery> sent = queue.sendable(NOW, 1);

        queue.failed(sent.get(0), "the sink answered 503", Duration.ofSeconds(2), NOW);

        assertThat(queue.state()).isEqualTo(DeliveryState.RETRYING);
        assertThat(queue.status().failingSince()).isEqualTo(NOW);
        assertThat(queue.status().lastError()).isEqualTo("the sink answered 503");
        assertThat(queue.sendable(NOW.plusMillis(1999), 1)).isEmpty();
        assertThat(queue.sendable(NOW.plusSeconds(2), 1)).containsExactly(event);
        queue.delivered(event, NOW.plusSeconds(2));
        assertThat(queue.state()).isEqualTo(DeliveryState.ACTIVE);
        assertThat(queue.status().failingSince()).isNull();
    }

    @Test
    void suspendedItKeepsWhereWhatItMissedBeginsAndResumedItSendsFromThere() {
        given(event(7, "+1"), event(9, "+2"));
        queue.failed(queue.sendable(NOW, 16).get(0), "refused", Duration.ofSeconds(1), NOW);
        assertThat(queue.failingFor(Duration.ofHours(1), NOW.plus(Duration.ofHours(1)))).isTrue();

        queue.suspend("NETWORK_TERMINATED", "the sink kept failing", NOW.plus(Duration.ofHours(1)));
        queue.missed(15, NOW.plus(Duration.ofHours(2)));

        assertThat(queue.state()).isEqualTo(DeliveryState.SUSPENDED);
        assertThat(queue.size()).isZero();
        assertThat(queue.status().missedFrom()).as("the earliest undelivered").isEqualTo(7L);
        assertThat(queue.sendable(NOW.plus(Duration.ofHours(3)), 16)).isEmpty();

        queue.resume(20, NOW.plus(Duration.ofHours(3)));
        assertThat(queue.state()).isEqualTo(DeliveryState.RESUMING);
        assertThat(queue.status().resumedUntil()).isEqualTo(20L);
        queue.caughtUp(NOW.plus(Duration.ofHours(3)));
        assertThat(queue.state()).isEqualTo(DeliveryState.ACTIVE);
        assertThat(queue.status().missedFrom()).isNull();
    }

    @Test
    void resumedHavingMissedNothingItIsActiveAtOnce() {
        queue.suspend("NETWORK_TERMINATED", "the sink kept failing", NOW);

        queue.resume(20, NOW);

        assertThat(queue.state()).isEqualTo(DeliveryState.ACTIVE);
    }

    @Test
    void anAnswerForADeliveryDroppedBySuspensionChangesNothing() {
        Delivery event = event(1, "+1");
        given(event);
        queue.sendable(NOW, 16);
        queue.suspend("NETWORK_TERMINATED", "the sink kept failing", NOW);

        queue.delivered(event, NOW);

        assertThat(queue.status().delivered()).isZero();
        assertThat(queue.state()).isEqualTo(DeliveryState.SUSPENDED);
    }

    private void given(Delivery... deliveries) {
        for (Delivery delivery : deliveries) {
            queue.add(delivery);
        }
    }

    private static Delivery event(long offset, String number) {
        return new Delivery(offset, number, "event-" + offset, new byte[0], false);
    }
}
