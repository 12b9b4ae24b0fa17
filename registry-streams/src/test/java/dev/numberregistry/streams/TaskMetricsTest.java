package dev.numberregistry.streams;

import static dev.numberregistry.streams.testing.TestEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.NumberReassigned;
import dev.numberregistry.core.lifecycle.RejectionCode;
import dev.numberregistry.core.state.PlanType;
import dev.numberregistry.schema.NotificationKind;
import dev.numberregistry.streams.testing.TestEvents;
import dev.numberregistry.streams.testing.TopologyScenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry's own task metrics count what the topology did (see TaskMetrics). */
class TaskMetricsTest {

    private final TestEvents alice = TestEvents.about("+919876543210");

    @RegisterExtension
    final TopologyScenario registry = TopologyScenario.ofTheRegistry();

    @Test
    void appliedEventsAreCountedAndRejectedOnesByTheirCode() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.POSTPAID, null)));

        registry.when(alice.on(1, new NumberReassigned("bob", PlanType.PREPAID, null)));
        registry.thenRejected(RejectionCode.NOT_AVAILABLE);
        registry.whenRaw(alice.e164(), "no event".getBytes(StandardCharsets.UTF_8));
        registry.thenRejected(IntakeRejection.UNDECODABLE);

        assertThat(registry.metric("events-applied-total")).isEqualTo(1.0);
        assertThat(registry.metric("events-rejected-total", "code", "NOT_AVAILABLE")).isEqualTo(1.0);
        assertThat(registry.metric("events-rejected-total", "code", "UNDECODABLE")).isEqualTo(1.0);
        assertThat(registry.metric("events-rejected-total", "code", "QUARANTINE_NOT_OVER"))
                .as("every code is there before its first rejection").isEqualTo(0.0);
        assertThat(registry.metric("events-rejected-total")).as("all codes").isEqualTo(2.0);
    }

    @Test
    void theSweepLagsWhileReplayingAndCatchesUpWithEveryDeadlineDecided() {
        registry.whenRecordedAt(day(-300), alice.on(-300, new NumberAssigned("alice", PlanType.PREPAID, day(-290))));
        registry.thenStateOf(alice.e164());

        registry.whenTimePasses(Duration.ofSeconds(1));
        assertThat(registry.metric("deadlines-pending")).as("one number, whose next deadline is a reminder")
                .isEqualTo(1.0);
        // The oldest deadline due is the first reminder, a week before the validity end.
        assertThat(registry.metric("deadline-sweep-lag-ms"))
                .isEqualTo(Duration.between(day(-297), registry.now()).toMillis());

        registry.whenTimePasses(DeadlineSweep.DEFAULT.idleAfter());
        registry.thenDecided("ValidityLapsed@" + day(-290), "GraceExpired@" + day(-260),
                "NumberRecycled@" + day(-260), "QuarantineEnded@" + day(-170));
        registry.thenStatesOf(alice.e164());
        registry.thenNotified(NotificationKind.RECYCLED);

        assertThat(registry.metric("deadline-sweep-lag-ms")).isEqualTo(0.0);
        assertThat(registry.metric("events-applied-total")).as("the assignment and four decisions").isEqualTo(5.0);
        assertThat(registry.metric("recycle-notifications-written-total")).isEqualTo(1.0);
        assertThat(registry.metric("reminders-written-total")).as("reminders of ends long past are not sent")
                .isEqualTo(0.0);
        assertThat(registry.metric("deadlines-swept-total")).as("every deadline and reminder, sent or not")
                .isEqualTo(7.0);
    }

    @Test
    void aReminderWrittenIsCounted() {
        registry.given(alice.on(0, new NumberAssigned("alice", PlanType.PREPAID, day(10))));

        registry.whenClockReaches(day(3));
        registry.thenReminders();

        assertThat(registry.metric("reminders-written-total")).isEqualTo(1.0);
        assertThat(registry.metric("deadline-sweep-lag-ms")).isEqualTo(0.0);
    }
}
