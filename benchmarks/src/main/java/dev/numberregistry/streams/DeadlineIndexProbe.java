package dev.numberregistry.streams;

import dev.numberregistry.core.deadline.Deadline;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The deadline index's package-private operations, for the deadline benchmark
 * ({@code dev.numberregistry.benchmarks.DeadlineBenchmark}), which times them on a RocksDB store
 * holding millions of pending deadlines. It lives in the benchmarks module, in the index's package
 * (a package split across two jars on one class path, which only the benchmarks do), so that the
 * index's API stays package-private and no benchmark needs a test jar.
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
