package dev.numberregistry.api.subscription;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before trying a failing sink again: exponential from the first wait to the
 * longest, with "equal jitter" (half the bound, and a random part of the other half), so that
 * the subscriptions of a sink that came back do not all call it at the same instant, and none
 * calls it again at once.
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    /** The wait after this many failures in a row (1 for the first). */
    Duration after(int failures) {
        long bound = initial.toMillis();
        for (int i = 1; i < failures && bound < max.toMillis(); i++) {
            bound *= 2;
        }
        bound = Math.min(bound, max.toMillis());
        return Duration.ofMillis(Math.max(1, bound / 2 + (long) (bound / 2.0 * random.getAsDouble())));
    }
}
