package dev.numberregistry.core.notification;

import dev.numberregistry.core.number.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A change of hands that banks and fraud systems must hear of. Minimal on purpose: the number,
 * what happened and when, and the ageing period; never who held or holds it.
 *
 * @param notificationId   the id of the event that caused it: one notification per event
 * @param quarantineEndsAt for RECYCLED, when the number may go to someone else
 * @param ageingPeriod     for RECYCLED, the quarantine the policy imposes
 */
public record RecycleNotification(String notificationId, PhoneNumber number, NotificationKind kind,
                                  Instant occurredAt, Instant quarantineEndsAt, Duration ageingPeriod) {

    public RecycleNotification {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
