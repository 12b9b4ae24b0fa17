package dev.numberregistry.core.notification;

import static dev.numberregistry.core.lifecycle.LifecycleScenario.day;
import static dev.numberregistry.core.lifecycle.LifecycleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.deadline.Deadlines;
import dev.numberregistry.core.event.EventPayload.NumberAssigned;
import dev.numberregistry.core.event.EventPayload.ValidityLapsed;
import dev.numberregistry.core.policy.PolicyBook;
import dev.numberregistry.core.state.NumberState;
import dev.numberregistry.core.state.PlanType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemindersTest {

    private final Deadlines deadlines = new Deadlines(PolicyBook.defaults());

    @Test
    void aValidityReminderNamesTheEndTheHolderAndTheLeadTimeAndKeepsItsIdOnASecondSending() {
        NumberState state = scenario().whenOn(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))).thenState();
        Deadline reminder = firstOfKind(state, DeadlineKind.VALIDITY_REMINDER);

        Reminder sent = Reminders.dueAt(state, reminder, reminder.at()).orElseThrow();

        assertThat(sent.kind()).isEqualTo(ReminderKind.VALIDITY_ENDING);
        assertThat(sent.endsAt()).isEqualTo(day(30));
        assertThat(sent.remindAt()).isEqualTo(reminder.at());
        assertThat(sent.leadTime()).isEqualTo(reminder.leadTime()).isPositive();
        assertThat(sent.subscriberRef()).isEqualTo("alice");
        assertThat(sent.reminderId()).isEqualTo("+14155552671/VALIDITY_ENDING/" + day(30) + "/" + reminder.leadTime());
        assertThat(Reminders.dueAt(state, reminder, reminder.at().plus(Duration.ofHours(1)))).contains(sent);
    }

    @Test
    void aGraceReminderIsOfTheGraceEnd() {
        NumberState state = scenario()
                .givenOn(0, new NumberAssigned("alice", PlanType.PREPAID, day(30)))
                .whenOn(30, new ValidityLapsed()).thenState();
        Deadline reminder = firstOfKind(state, DeadlineKind.GRACE_REMINDER);

        Reminder sent = Reminders.dueAt(state, reminder, reminder.at()).orElseThrow();

        assertThat(sent.kind()).isEqualTo(ReminderKind.GRACE_ENDING);
        assertThat(sent.endsAt()).isEqualTo(state.graceEndsAt());
    }

    @Test
    void noReminderOnceTheEndItRemindsOfHasCome() {
        NumberState state = scenario().whenOn(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))).thenState();
        Deadline reminder = firstOfKind(state, DeadlineKind.VALIDITY_REMINDER);

        assertThat(Reminders.dueAt(state, reminder, day(30))).isEmpty();
        assertThat(Reminders.dueAt(state, reminder, day(30).minusMillis(1))).isPresent();
    }

    @Test
    void aDeadlineThatDecidesAnEventIsNoReminder() {
        NumberState state = scenario().whenOn(0, new NumberAssigned("alice", PlanType.PREPAID, day(30))).thenState();

        assertThatThrownBy(() -> Reminders.dueAt(state, firstOfKind(state, DeadlineKind.VALIDITY_END), day(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Deadline firstOfKind(NumberState state, DeadlineKind kind) {
        return deadlines.of(state).stream().filter(deadline -> deadline.kind() == kind).findFirst().orElseThrow();
    }
}
