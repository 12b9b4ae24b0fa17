package dev.numberregistry.core.notification;

import dev.numberregistry.core.deadline.Deadline;
import dev.numberregistry.core.deadline.DeadlineKind;
import dev.numberregistry.core.state.NumberState;
import java.time.Instant;
import java.util.Optional;

/** Which reminder a due reminder deadline sends. */
public final class Reminders {

    private Reminders() {
    }

    /**
     * The reminder a state's pending reminder deadline sends when it comes due at {@code now}.
     * None once the end it reminds of has come: after a long pause (a replay, an outage) it would
     * only confuse. Its id derives from the deadline alone, so a reminder sent again is the same.
     *
     * @throws IllegalArgumentException if the deadline is not a reminder
     */
    public static Optional<Reminder> dueAt(NumberState state, Deadline deadline, Instant now) {
        if (!deadline.kind().isReminder()) {
            throw new IllegalArgumentException(deadline.kind() + " is not a reminder");
        }
        if (!deadline.ends().isAfter(now)) {
            return Optional.empty();
        }
        ReminderKind kind = deadline.kind() == DeadlineKind.VALIDITY_REMINDER
                ? ReminderKind.VALIDITY_ENDING : ReminderKind.GRACE_ENDING;
        String reminderId = state.number().e164() + "/" + kind + "/" + deadline.ends() + "/" + deadline.leadTime();
        return Optional.of(new Reminder(reminderId, state.number(), kind, deadline.ends(), deadline.leadTime(),
                deadline.at(), state.holder().subscriberRef()));
    }
}
