package dev.numberregistry.core.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The time rules that regulators and carriers set for a group of numbers.
 *
 * @param gracePeriod          how long a prepaid number stays in grace after its validity lapses
 * @param quarantinePeriod     the ageing period between recycling and reassignment
 * @param recycleOnGraceExpiry whether the registry recycles a number itself when its grace expires,
 *                             or waits for the carrier's own NumberRecycled
 */
public record LifecyclePolicy(Duration gracePeriod, Duration quarantinePeriod, boolean recycleOnGraceExpiry) {

    /** 30 days of grace, 90 days of ageing (India's rule, and above the US minimum of 45). */
    public static final LifecyclePolicy DEFAULT =
            new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(90), true);

    public LifecyclePolicy {
        requirePositive(gracePeriod, "gracePeriod");
        requirePositive(quarantinePeriod, "quarantinePeriod");
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
