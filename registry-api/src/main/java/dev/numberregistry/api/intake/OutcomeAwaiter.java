package dev.numberregistry.api.intake;

import dev.numberregistry.api.query.EventOutcome;
import dev.numberregistry.api.query.NumberQueries;
import dev.numberregistry.api.query.RegistryNotReadyException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the registry has applied or rejected events just written to the log, for callers
 * who want the lifecycle's verdict in the same request. It asks the instance that owns each event's
 * number (see {@link NumberQueries}): this one's stores, or another instance's. A verdict is only
 * told once the registry has committed it (see {@link CommittedOffsets}): the stores show work
 * that a failure before the commit would roll back.
 */
@Singleton
class OutcomeAwaiter {

    /** Short enough to answer quickly, long enough not to busy the stores and the broker. */
    private static final long POLL_MILLIS = 20;

    private final NumberQueries queries;
    private final CommittedOffsets committed;

    OutcomeAwaiter(NumberQueries queries, CommittedOffsets committed) {
        this.queries = queries;
        this.committed = committed;
    }

    /** Fills in each written event's outcome in {@code results}; PENDING for those not settled in time. */
    void await(List<EventIntake.Written> written, Duration patience, List<IntakeResult> results) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<Waiting> waiting = written.stream().map(Waiting::new).collect(Collectors.toCollection(ArrayList::new));
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            // Committed first, then read: what the stores show of a record below the committed
            // offset cannot be rolled back any more.
            Map<TopicPartition, Long> committedUpTo = committed.now(remaining(deadline));
            // The deadline is checked before each ask, not once a round: an ask may be a call to
            // another instance, and a round of a thousand of them must not outlast the patience.
            waiting.removeIf(event -> event.isCommittedBy(committedUpTo) && System.nanoTime() < deadline
                    && settle(event, results));
            if (!waiting.isEmpty() && System.nanoTime() < deadline) {
                pause();
            }
        }
        for (Waiting event : waiting) {
            int index = event.written.index();
            results.set(index, results.get(index).withOutcome(IntakeResult.PENDING, null, null));
        }
    }

    /** One event on its way, and where the log put it. */
    private static final class Waiting {
        private final EventIntake.Written written;
        private final RecordMetadata metadata;

        Waiting(EventIntake.Written written) {
            this.written = written;
            this.metadata = metadataOf(written);
        }

        TopicPartition partition() {
            return new TopicPartition(metadata.topic(), metadata.partition());
        }

        boolean isCommittedBy(Map<TopicPartition, Long> committedUpTo) {
            Long next = committedUpTo.get(partition());
            return next != null && next > metadata.offset();
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** True once the registry's verdict on a committed event is told. */
    private boolean settle(Waiting event, List<IntakeResult> results) {
        Optional<EventOutcome> outcome;
        try {
            outcome = queries.outcome(event.written.event().eventId(), event.written.event().number(),
                    event.metadata.offset());
        } catch (RegistryNotReadyException e) {
            return false;
        }
        int index = event.written.index();
        outcome.ifPresent(verdict -> results.set(index, results.get(index).withOutcome(
                verdict.applied() ? IntakeResult.APPLIED : IntakeResult.REJECTED, verdict.code(), verdict.reason())));
        return outcome.isPresent();
    }

    private static RecordMetadata metadataOf(EventIntake.Written event) {
        try {
            // The log already acknowledged the record: this does not block.
            return event.send().get(0, TimeUnit.MILLISECONDS);
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
