package dev.numberregistry.streams.codec;

import dev.numberregistry.core.notification.Reminder;
import dev.numberregistry.schema.NumberReminder;
import dev.numberregistry.schema.ReminderKind;

/** Translates a reminder from the domain to its Avro record. */
public final class ReminderMapping {

    private ReminderMapping() {
    }

    public static NumberReminder toWire(Reminder reminder) {
        return new NumberReminder(reminder.reminderId(), reminder.number().e164(),
                ReminderKind.valueOf(reminder.kind().name()), reminder.endsAt(), reminder.leadTime().toString(),
                reminder.remindAt(), reminder.subscriberRef());
    }
}
