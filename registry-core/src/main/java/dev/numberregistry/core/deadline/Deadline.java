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

    static Deadline due(Instant at, DeadlineKind kind) {
        return new Deadline(at, kind, at, Duration.ZERO);
    }

    static Deadline reminderOf(Instant ends, DeadlineKind kind, Duration leadTime) {
        return new Deadline(ends.minus(leadTime), kind, ends, leadTime);
    }
}
