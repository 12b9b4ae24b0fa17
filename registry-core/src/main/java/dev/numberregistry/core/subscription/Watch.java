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
 * @param kinds        the changes of hands the subscription was made for
 * @param simChanges   whether it was made for SIM changes too (CAMARA SIM Swap's "swapped")
 */
public record Watch(LocalDate lastVerified, Set<NotificationKind> kinds, boolean simChanges) {

    public Watch {
        Objects.requireNonNull(lastVerified, "lastVerified");
        Objects.requireNonNull(kinds, "kinds");
        if (kinds.isEmpty() && !simChanges) {
            throw new IllegalArgumentException("a watch is for at least one kind of change");
        }
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    /** A watch of changes of hands only. */
    public Watch(LocalDate lastVerified, Set<NotificationKind> kinds) {
        this(lastVerified, kinds, false);
    }

    /**
     * Whether a change of this kind at this time reaches the subscriber. A change on the day of the
     * verification does: the day does not say whether the verification came before it or after,
     * and telling a bank twice costs less than not telling it at all.
     */
    public boolean wants(NotificationKind kind, Instant occurredAt) {
        return kinds.contains(kind) && onOrAfterVerification(occurredAt);
    }

    /**
     * Whether a SIM change at this time reaches the subscriber, the latest before it having been
     * {@code previous} (null if the subscriber was told of none): each SIM change once, the day of
     * the verification included.
     */
    public boolean wantsSimChange(Instant changedAt, Instant previous) {
        return simChanges && onOrAfterVerification(changedAt) && (previous == null || changedAt.isAfter(previous));
    }

    private boolean onOrAfterVerification(Instant at) {
        return !at.isBefore(lastVerified.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
