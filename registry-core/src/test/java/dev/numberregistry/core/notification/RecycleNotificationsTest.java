package dev.numberregistry.core.notification;

import static dev.numberregistry.core.lifecycle.LifecycleScenario.day;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.CancellationCompleted;
import dev.numberregistry.core.event.EventPayload.CancellationRequested;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.event.EventPayload.NumberRecovered;
import dev.numberregistry.core.event.EventPayload.NumberRecycled;
import dev.numberregistry.core.event.EventPayload.TopUpMade;
import dev.numberregistry.core.event.EventPayload;
import dev.numberregistry.core.event.NumberEvent;
import dev.numberregistry.core.lifecycle.LifecycleScenario;
import dev.numberregistry.core.state.PlanType;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecycleNotificationsTest {

    private static final NumberAssigned ALICE = new NumberAssigned("alice", PlanType.POSTPAID, null);

    private static Optional<RecycleNotification> notified(LifecycleScenario scenario, int day, EventPayload payload) {
        NumberEvent event = scenario.event(day, payload);
        return RecycleNotifications.of(event, scenario.stateBefore(), scenario.when(event).thenState());
    }

    private static LifecycleScenario cancelled() {
        return scenario().givenOn(0, ALICE).givenOn(1, new CancellationRequested()).givenOn(2, new CancellationCompleted());
    }

    @Test
    void aRecyclingSaysWhenTheNumberMayGoToSomeoneElse() {
        RecycleNotification notification = notified(cancelled(), 3, new NumberRecycled()).orElseThrow();

        assertThat(notification.kind()).isEqualTo(NotificationKind.RECYCLED);
        assertThat(notification.occurredAt()).isEqualTo(day(3));
        assertThat(notification.quarantineEndsAt()).isEqualTo(day(93));
        assertThat(notification.ageingPeriod()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void reassignmentRecoveryAndCancellationAreNotified() {
        assertThat(notified(cancelled().givenOn(3, new NumberRecycled()), 100,
                new NumberReassigned("bob", PlanType.PREPAID, null))).map(RecycleNotification::kind)
                .contains(NotificationKind.REASSIGNED);
        assertThat(notified(cancelled().givenOn(3, new NumberRecycled()), 10, new NumberRecovered("alice", null)))
                .map(RecycleNotification::kind).contains(NotificationKind.RECYCLING_REVERSED);
        assertThat(notified(scenario().givenOn(0, ALICE).givenOn(1, new CancellationRequested()), 2,
                new CancellationCompleted())).map(RecycleNotification::kind).contains(NotificationKind.CANCELLED);
    }

    @Test
    void anythingElseIsNoChangeOfHands() {
        assertThat(notified(scenario().givenOn(0, new NumberAssigned("a", PlanType.PREPAID, day(10))), 1,
                new TopUpMade(100, "USD", day(40)))).isEmpty();
    }
}
