package dev.numberregistry.core.notification;

import dev.numberregistry.core.number.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A reminder to top up before a number's validity or grace ends, for the carrier's SMS system.
 *
 * @param reminderId    the same reminder always has the same id, so that its receivers can drop a repeat
 * @param number        the number whose validity or grace ends
 * @param kind          which of the two ends
 * @param endsAt        the validity end or grace end the holder is reminded of
 * @param leadTime      how long before that end the reminder is due
 * @param remindAt      when the reminder was due
 * @param subscriberRef the holder to remind
 */
public record Reminder(String reminderId, PhoneNumber number, ReminderKind kind, Instant endsAt, Duration leadTime,
                       Instant remindAt, String subscriberRef) {

    public Reminder {
        Objects.requireNonNull(reminderId, "reminderId");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(leadTime, "leadTime");
        Objects.requireNonNull(remindAt, "remindAt");
        Objects.requireNonNull(subscriberRef, "subscriberRef");
    }
}
