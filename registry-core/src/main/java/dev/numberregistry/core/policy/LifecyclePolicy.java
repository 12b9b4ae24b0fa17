package dev.numberregistry.core.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The time rules that regulators and carriers set for a group of numbers.
 *
 * @param gracePeriod          how long a prepaid number stays in grace after its validity lapses
 * @param quarantinePeriod     the ageing period between recycling and reassignment
 * @param recycleOnGraceExpiry whether the registry recycles a number itself when its grace expires,
 *                             or waits for the carrier's own NumberRecycled
 * @param reminderLeadTimes    how long before a validity end and before a grace end the subscriber
 *                             is reminded to top up, once for each lead time
 */
public record LifecyclePolicy(Duration gracePeriod, Duration quarantinePeriod, boolean recycleOnGraceExpiry,
                              List<Duration> reminderLeadTimes) {

    /** A week's notice, then a day's. */
    public static final List<Duration> DEFAULT_REMINDER_LEAD_TIMES = List.of(Duration.ofDays(7), Duration.ofDays(1));

    /** 30 days of grace, 90 days of ageing (India's rule, and above the US minimum of 45). */
    public static final LifecyclePolicy DEFAULT =
            new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), true, DEFAULT_REMINDER_LEAD_TIMES);

    public LifecyclePolicy {
        requirePositive(gracePeriod, "gracePeriod");
        requirePositive(quarantinePeriod, "quarantinePeriod");
        reminderLeadTimes = List.copyOf(reminderLeadTimes);
        reminderLeadTimes.forEach(lead -> requirePositive(lead, "reminderLeadTimes"));
    }

    /** A policy with the default reminders. */
    public LifecyclePolicy(Duration gracePeriod, Duration quarantinePeriod, boolean recycleOnGraceExpiry) {
        this(gracePeriod, quarantinePeriod, recycleOnGraceExpiry, DEFAULT_REMINDER_LEAD_TIMES);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
