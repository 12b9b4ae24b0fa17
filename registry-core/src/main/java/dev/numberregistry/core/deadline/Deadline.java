package dev.numberregistry.core.deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A moment at which something happens to a number unless an event changes its state first.
 *
 * @param at       when it comes due
 * @param kind     what comes due
 * @param ends     for a reminder, the end it reminds of ({@code at + leadTime}); else {@code at}
 * @param leadTime for a reminder, how long before the end it is sent; else zero
 */
public record Deadline(Instant at, DeadlineKind kind, Instant ends, Duration leadTime) {

    public Deadline {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ends, "ends");
        Objects.requireNonNull(leadTime, "leadTime");
    }

    /**
     * The end of the state this deadline is pending in: the deadline itself, or for a reminder the
     * end it reminds of. What ops count as coming due, read from any one of a state's deadlines.
     */
    public Deadline stateEnd() {
        return kind.isReminder() ? due(ends, kind.end()) : this;
    }

    static Deadline due(Instant at, DeadlineKind kind) {
        return new Deadline(at, kind, at, Duration.ZERO);
    }

    static Deadline reminderOf(Instant ends, DeadlineKind kind, Duration leadTime) {
        return new Deadline(ends.minus(leadTime), kind, ends, leadTime);
    }
}
