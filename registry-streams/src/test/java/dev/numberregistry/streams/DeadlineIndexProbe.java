package dev.numberregistry.streams;

import dev.numberregistry.core.deadline.Deadline;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The deadline index's package-private operations, for the deadline benchmark (registry-api's
 * test sources, {@code dev.numberregistry.api.bench.DeadlineBenchmark}), which times them on a
 * RocksDB store holding millions of pending deadlines. Test code only: the index's API stays
 * package-private.
 */
public final class DeadlineIndexProbe {

    private final DeadlineIndex index;

    public DeadlineIndexProbe(KeyValueStore<String, String> store) {
        this.index = new DeadlineIndex(store);
    }

    /**
     * Adds a number's deadline as the processor does when a state gains it (through the index, so
     * that the index knows where its next sweep must start).
     */
    public void add(String e164, Deadline deadline) {
        index.replace(e164, List.of(), List.of(deadline));
    }

    /** Takes a number's deadline away, as the processor does when its state no longer has it. */
    public void withdraw(String e164, Deadline deadline) {
        index.replace(e164, List.of(deadline), List.of());
    }

    /** What one step of a sweep reads: up to {@code max} deadlines due at or before {@code horizon}. */
    public List<DeadlineIndex.Entry> due(Instant horizon, int max) {
        return index.due(horizon, max);
    }

    /** What a sweep does with each due entry before deciding it. */
    public void remove(DeadlineIndex.Entry entry) {
        index.remove(entry);
    }
}
