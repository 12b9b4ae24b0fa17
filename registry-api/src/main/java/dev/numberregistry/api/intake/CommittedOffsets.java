package dev.numberregistry.api.intake;

import dev.numberregistry.api.config.StreamsSettings;
import dev.numberregistry.streams.AdminLogPositions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the registry has committed its work on the event log. Under exactly-once the topology
 * commits its input offsets in the same transaction as everything the input changed, so a record
 * below the committed offset is applied or rejected for good; what the stores show above it may
 * still be rolled back if the instance fails before the commit.
 */
@Singleton
class CommittedOffsets {

    /**
     * How long an answer serves every caller: callers awaiting outcomes ask every few
     * milliseconds, and a thousand of them must not mean a thousand requests to the broker.
     */
    private static final long FRESH_NANOS = Duration.ofMillis(20).toNanos();

    private final AdminLogPositions log;
    private final String applicationId;
    private Map<TopicPartition, Long> latest = Map.of();
    private long latestAt;
    private boolean known;

    /** @param log the brokers' view of the event log, which the deadline sweep asks too */
    CommittedOffsets(AdminLogPositions log, StreamsSettings settings) {
        this.log = log;
        this.applicationId = settings.getApplicationId();
    }

    /**
     * The next offset the registry will read in each partition of the event log it has committed
     * in (at most 20 ms old); empty when the broker cannot say within {@code patience}.
     */
    synchronized Map<TopicPartition, Long> now(Duration patience) {
        if (!known || System.nanoTime() - latestAt > FRESH_NANOS) {
            fetch(patience);
        }
        return latest;
    }

    private void fetch(Duration patience) {
        try {
            latest = log.committed(applicationId).toCompletableFuture()
                    .get(patience.toMillis(), TimeUnit.MILLISECONDS);
            latestAt = System.nanoTime();
            known = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Not known now: the caller asks again, or answers PENDING.
        }
    }
}
