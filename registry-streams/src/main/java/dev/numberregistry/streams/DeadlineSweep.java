package dev.numberregistry.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How the registry keeps time.
 *
 * @param interval      how often due deadlines are looked for (wall-clock time)
 * @param maxSweepTime  how long one sweep may work before it yields to processing; the rest of
 *                      a flood of due deadlines waits for the next sweep, so that a flood never
 *                      stalls the stream or outlasts the poll interval
 * @param replayMargin  records older than this are taken as a replay of the log: while replaying,
 *                      the registry decides no deadline itself, because the decisions it made the
 *                      first time are further along in the log
 * @param idleAfter     a task that has had no record for this long has caught up with the log
 */
public record DeadlineSweep(Duration interval, Duration maxSweepTime, Duration replayMargin, Duration idleAfter) {

    public static final DeadlineSweep DEFAULT = new DeadlineSweep(Duration.ofMillis(250), Duration.ofMillis(200),
            Duration.ofMinutes(1), Duration.ofSeconds(5));

    public DeadlineSweep {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(maxSweepTime, "maxSweepTime");
        Objects.requireNonNull(replayMargin, "replayMargin");
        Objects.requireNonNull(idleAfter, "idleAfter");
    }
}
