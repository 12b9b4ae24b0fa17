package dev.numberregistry.core.subscription;

import dev.numberregistry.core.notification.NotificationKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A subscriber's interest in one number: the kinds of change it asked to hear of, and the day it
 * last verified the number with its customer. What happened before that day it knew already.
 *
 * @param lastVerified the UTC day the subscriber last verified the number
 * @param kinds        the changes the subscription was made for
 */
public record Watch(LocalDate lastVerified, Set<NotificationKind> kinds) {

    public Watch {
        Objects.requireNonNull(lastVerified, "lastVerified");
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("a watch is for at least one kind of change");
        }
        kinds = Set.copyOf(EnumSet.copyOf(kinds));
    }

    /**
     * Whether a change of this kind at this time reaches the subscriber. A change on the day of the
     * verification does: the day does not say whether the verification came before it or after,
     * and telling a bank twice costs less than not telling it at all.
     */
    public boolean wants(NotificationKind kind, Instant occurredAt) {
        return kinds.contains(kind) && !occurredAt.isBefore(lastVerified.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
