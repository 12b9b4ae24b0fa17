package dev.numberregistry.api.intake;

import dev.numberregistry.api.query.EventOutcome;
import dev.numberregistry.api.query.NumberQueries;
import dev.numberregistry.api.web.RegistryNotReadyException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Waits until the registry has applied or rejected events just written to the log, for callers
 * who want the lifecycle's verdict in the same request. It asks the instance that owns each event's
 * number (see {@link NumberQueries}): this one's stores, or another instance's.
 */
@Singleton
class OutcomeAwaiter {

    /** Short enough to answer quickly, long enough not to busy the stores. */
    private static final long POLL_MILLIS = 10;

    private final NumberQueries queries;

    OutcomeAwaiter(NumberQueries queries) {
        this.queries = queries;
    }

    /** Fills in each written event's outcome in {@code results}; PENDING for those not processed in time. */
    void await(List<EventIntake.Written> written, Duration patience, List<IntakeResult> results) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<EventIntake.Written> waiting = new ArrayList<>(written);
        while (!waiting.isEmpty()) {
            // The deadline is checked before each ask, not once a round: an ask may be a call to
            // another instance, and a round of a thousand of them must not outlast the patience.
            waiting.removeIf(event -> System.nanoTime() < deadline && settle(event, results));
            if (waiting.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            pause();
        }
        for (EventIntake.Written event : waiting) {
            results.set(event.index(), results.get(event.index()).withOutcome(IntakeResult.PENDING, null, null));
        }
    }

    private boolean settle(EventIntake.Written event, List<IntakeResult> results) {
        Optional<EventOutcome> outcome;
        try {
            outcome = queries.outcome(event.event().eventId(), event.event().number(), offsetOf(event));
        } catch (RegistryNotReadyException e) {
            return false;
        }
        outcome.ifPresent(verdict -> results.set(event.index(), results.get(event.index()).withOutcome(
                verdict.applied() ? IntakeResult.APPLIED : IntakeResult.REJECTED, verdict.code(), verdict.reason())));
        return outcome.isPresent();
    }

    private static long offsetOf(EventIntake.Written event) {
        try {
            // The log already acknowledged the record: this does not block.
            RecordMetadata metadata = event.send().get(0, TimeUnit.MILLISECONDS);
            return metadata.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("an acknowledged record has no metadata", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryNotReadyException("interrupted while waiting for the registry", e);
        }
    }
}
