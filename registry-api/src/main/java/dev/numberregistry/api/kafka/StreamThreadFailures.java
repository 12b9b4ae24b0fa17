package dev.numberregistry.api.kafka;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The stream threads that failed in this instance: Kafka Streams replaces a failed thread, so
 * its client state alone does not show that a thread keeps failing. Health and metrics read this.
 */
@Singleton
public class StreamThreadFailures {

    private final Clock clock;
    private Failure last;
    private long count;

    StreamThreadFailures(Clock clock) {
        this.clock = clock;
    }

    /** When a stream thread failed, which, and with what. */
    public record Failure(Instant at, String thread, String error) {
    }

    synchronized void failed(String thread, Throwable error) {
        count++;
        last = new Failure(clock.instant(), thread, describe(error));
    }

    /**
     * The error and its cause: Kafka Streams wraps what the processor threw in "Exception caught
     * in process", which alone tells ops nothing.
     */
    static String describe(Throwable error) {
        Throwable cause = error.getCause();
        return cause == null || cause == error ? error.toString() : error + "; caused by " + cause;
    }

    /** How many stream threads have failed since the registry started. */
    public synchronized long count() {
        return count;
    }

    /** The latest failure, if one happened after {@code since}. */
    public synchronized Optional<Failure> lastSince(Instant since) {
        return Optional.ofNullable(last).filter(failure -> failure.at().isAfter(since));
    }
}
